using ActorNet.Rdd;
using ActorNet.Rdd.Storage;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// Spark's reliable checkpoint on real processes: once an RDD is checkpointed its lineage is gone, so when the worker
/// holding the only cached copy of some partitions is killed (SIGKILL), the next job reads those partitions from the
/// checkpoint files instead of computing them again. A cached RDD without a checkpoint, killed on the same worker, is
/// recomputed from its lineage: the kill really lost the cache.
/// </summary>
[Collection(RddClusterCollection.Name)]
public sealed class RddCheckpointRecoveryTests
{
    [Fact]
    public async Task A_killed_worker_s_cached_partitions_are_read_from_the_checkpoint_not_recomputed()
    {
        var folder = Directory.CreateTempSubdirectory("actornet-checkpoint-").FullName;
        try
        {
            using var sc = new ClusterContext("local-cluster[2]", "checkpoint-recovery");
            sc.SetCheckpointDir(folder);
            var data = Enumerable.Range(0, 4000).ToArray();
            var checkpointedComputes = sc.LongAccumulator("checkpointed computes");
            var lineageComputes = sc.LongAccumulator("lineage computes");
            var checkpointed = sc.Parallelize(data, 8).Map(x =>
            {
                checkpointedComputes.Add(1);
                return (long)x * 3;
            }).Cache();
            var lineageOnly = sc.Parallelize(data, 8).Map(x =>
            {
                lineageComputes.Add(1);
                return (long)x * 3;
            }).Cache();
            checkpointed.Checkpoint();

            // The first action computes and caches the partitions; the checkpoint job after it reads them from the cache
            // where its task runs beside it (a task placed on the other worker computes its partition again: cached blocks
            // are not fetched across executors yet).
            Assert.False(checkpointed.IsCheckpointed);
            Assert.Equal(data.Length, checkpointed.Count());
            Assert.Equal(data.Length, lineageOnly.Count());
            Assert.True(checkpointed.IsCheckpointed);
            var computedBeforeTheKill = checkpointedComputes.Value;
            Assert.InRange(computedBeforeTheKill, data.Length, 2 * data.Length);
            Assert.Equal(data.Length, lineageComputes.Value);
            var files = Directory.GetFiles(checkpointed.GetCheckpointFile()!).Select(Path.GetFileName).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, 8).Select(p => $"part-{p:D5}"), files);
            var lineage = checkpointed.ToDebugString();
            Assert.Contains("ReliableCheckpointRdd", lineage);
            Assert.DoesNotContain("ParallelCollectionRdd", lineage);

            // A worker that holds the only cached copy of partitions of both RDDs.
            var cluster = sc.LocalCluster!;
            bool Holds(string executor, Rdd<long> rdd) =>
                Enumerable.Range(0, 8).Any(p => sc.BlockManagerMaster.Locations(new BlockId(rdd.Id, p)).SequenceEqual([executor]));
            var victimIndex = Enumerable.Range(0, 2).Where(w => Holds(cluster.WorkerAddresses[w], checkpointed) && Holds(cluster.WorkerAddresses[w], lineageOnly))
                .DefaultIfEmpty(-1).First();
            Assert.True(victimIndex >= 0, "no worker holds the only cached copy of partitions of both RDDs");
            var victim = cluster.Workers[victimIndex];
            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            var expected = data.Select(x => (long)x * 3).ToArray();
            Assert.Equal(expected, checkpointed.Collect());
            Assert.Equal(computedBeforeTheKill, checkpointedComputes.Value);
            Assert.Equal(expected, lineageOnly.Collect());
            Assert.InRange(lineageComputes.Value, data.Length + 1, 2 * data.Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
