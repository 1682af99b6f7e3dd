using System.Diagnostics;
using ActorNet.Rdd;
using ActorNet.Rdd.Storage;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// Spark's fault tolerance on real processes: a worker holding cached partitions and shuffle outputs is killed
/// (SIGKILL) while a job's reduce tasks run; its tasks rerun elsewhere, the lost map outputs and cached
/// partitions are recomputed from lineage, and the job returns the right answer.
/// </summary>
[Collection(RddClusterCollection.Name)]
public sealed class RddLineageRecoveryTests
{
    [Fact]
    public async Task Killing_a_worker_mid_job_recomputes_its_outputs_from_lineage()
    {
        using var sc = new ClusterContext("local-cluster[2]", "lineage-recovery");
        var cluster = sc.LocalCluster!;
        var flags = Directory.CreateTempSubdirectory("actornet-lineage-").FullName;
        try
        {
            var go = Path.Combine(flags, "go");
            var data = Enumerable.Range(0, 20_000).ToArray();
            var pairs = sc.Parallelize(data, 8).Map(x => (x % 97, (long)x)).Cache();
            Assert.Equal(data.Length, pairs.Count());
            var sums = pairs.ReduceByKey((a, b) => a + b);
            Assert.Equal(97, sums.Count()); // the map outputs now exist on both workers

            var victim = cluster.Workers[0];
            var victimExecutor = cluster.WorkerAddresses[0];
            Assert.Contains(Enumerable.Range(0, 8), p => sc.BlockManagerMaster.Locations(new BlockId(pairs.Id, p)).Contains(victimExecutor));

            // The next job's reduce tasks wait for the go flag before they read their shuffle input.
            var job = Task.Run(() => sums.MapPartitionsWithIndex((index, items) =>
            {
                File.WriteAllText(Path.Combine(flags, $"started-{index}-{Environment.ProcessId}"), "");
                var deadline = Stopwatch.StartNew();
                while (!File.Exists(go))
                {
                    if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("the test never raised the go flag");
                    Thread.Sleep(10);
                }
                return items;
            }).Collect());
            var started = Stopwatch.StartNew();
            while (!Directory.EnumerateFiles(flags, $"started-*-{victim.Id}").Any())
            {
                Assert.False(job.IsCompleted, $"the job ended before a task started on the victim: {job.Exception}");
                Assert.True(started.Elapsed < TimeSpan.FromMinutes(1), "no reduce task started on the victim worker");
                await Task.Delay(10);
            }
            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            File.WriteAllText(go, "");

            var result = await job.WaitAsync(TimeSpan.FromMinutes(3));
            var expected = data.GroupBy(x => x % 97).ToDictionary(g => g.Key, g => g.Sum(x => (long)x));
            Assert.Equal(expected, result.ToDictionary(kv => kv.Item1, kv => kv.Item2));
            // The survivor holds everything the next job needs.
            Assert.Equal(data.Length, pairs.Count());

            // Stop also removes the killed worker's folder (shuffle files, blocks), which it could not delete itself.
            var appFolders = $"actornet-{sc.AppId}-*";
            Assert.NotEmpty(Directory.GetDirectories(Path.GetTempPath(), appFolders));
            sc.Stop();
            Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), appFolders));
        }
        finally
        {
            Directory.Delete(flags, recursive: true);
        }
    }
}
