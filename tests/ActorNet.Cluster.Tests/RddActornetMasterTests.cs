using System.Diagnostics;
using ActorNet.Rdd;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// A driver joining a running cluster (<c>actornet://seed</c>) of <c>actornet seed</c> and <c>actornet worker</c>
/// processes: workers run executors, and a worker that joins while the application runs gets tasks too.
/// </summary>
[Collection(RddClusterCollection.Name)]
public sealed class RddActornetMasterTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Secret = "rdd-actornet-master-secret";
    private readonly List<NodeProcess> _nodes = [];

    private async Task<NodeProcess> Start(params string[] args)
    {
        var node = await NodeProcess.StartNodeAsync(Patience, [.. args, "--port", "0", "--set", $"actornet.remote.secret={Secret}"]);
        _nodes.Add(node);
        return node;
    }

    [Fact]
    public async Task A_driver_joins_through_the_seed_and_a_worker_that_joins_later_runs_tasks()
    {
        var seed = await Start("seed");
        var first = await Start("worker", "--seed", seed.HostPort, "--cores", "2");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["actornet:remote:secret"] = Secret }).Build();
        var sc = new ClusterContext($"actornet://{seed.HostPort}", "actornet-master", config);
        using var stop = sc;

        var pids = sc.Parallelize(Enumerable.Range(0, 8), 8).Map(_ => Environment.ProcessId).Distinct().Collect();
        Assert.Equal([first.Pid], pids);

        var second = await Start("worker", "--seed", seed.HostPort, "--cores", "2");
        var waited = Stopwatch.StartNew();
        while (sc.ClusterBackend!.Executors.Count < 2)
        {
            Assert.True(waited.Elapsed < Patience, "the worker that joined later never registered an executor");
            await Task.Delay(20);
        }
        var sums = sc.Parallelize(Enumerable.Range(0, 1000), 16).Map(x => (Environment.ProcessId, (long)x)).ReduceByKey((a, b) => a + b).Collect();
        Assert.Equal(new[] { first.Pid, second.Pid }.Order(), sums.Select(s => s.Item1).Order());
        Assert.Equal(Enumerable.Range(0, 1000).Sum(x => (long)x), sums.Sum(s => s.Item2));

        // The workers keep running after the application ends, and drop its files (shuffle outputs, blocks).
        var appFolders = $"actornet-{sc.AppId}-*";
        Assert.Equal(2, Directory.GetDirectories(Path.GetTempPath(), appFolders).Length);
        sc.Stop();
        waited.Restart();
        while (Directory.GetDirectories(Path.GetTempPath(), appFolders).Length > 0)
        {
            Assert.True(waited.Elapsed < Patience, "the workers kept the application's folders after it stopped");
            await Task.Delay(20);
        }
        Assert.False(first.HasExited || second.HasExited);
    }

    [Fact]
    public async Task Two_applications_share_one_cluster_at_once_each_with_its_own_executors_and_results()
    {
        var seed = await Start("seed");
        var worker = await Start("worker", "--seed", seed.HostPort, "--cores", "2");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["actornet:remote:secret"] = Secret }).Build();
        using var first = new ClusterContext($"actornet://{seed.HostPort}", "first-app", config);
        using var second = new ClusterContext($"actornet://{seed.HostPort}", "second-app", config);
        Assert.NotEqual(first.AppId, second.AppId);

        // Both jobs (each with a shuffle and a broadcast of its own) run at the same time on the one worker.
        var offset = second.Broadcast(1_000_000L);
        var jobs = new[]
        {
            Task.Run(() => first.Parallelize(Enumerable.Range(0, 2000), 8).Map(x => (x % 10, (long)x)).ReduceByKey((a, b) => a + b).Collect()),
            Task.Run(() => second.Parallelize(Enumerable.Range(0, 2000), 8).Map(x => (x % 10, x + offset.Value)).ReduceByKey((a, b) => a + b).Collect()),
        };
        var results = await Task.WhenAll(jobs).WaitAsync(Patience);
        var expected = Enumerable.Range(0, 2000).GroupBy(x => x % 10).ToDictionary(g => g.Key, g => g.Sum(x => (long)x));
        Assert.Equal(expected, results[0].ToDictionary(r => r.Item1, r => r.Item2));
        Assert.Equal(expected.ToDictionary(e => e.Key, e => e.Value + 200 * 1_000_000L), results[1].ToDictionary(r => r.Item1, r => r.Item2));
        Assert.Single(first.ClusterBackend!.Executors);
        Assert.Single(second.ClusterBackend!.Executors);

        // One application ending leaves the other running on the same worker.
        first.Stop();
        Assert.Equal(2000L, second.Parallelize(Enumerable.Range(0, 2000), 4).Count());
        Assert.False(worker.HasExited);
    }

    [Fact]
    public async Task A_driver_whose_node_the_cluster_downs_fails_its_running_job_and_every_later_one_instead_of_hanging()
    {
        var seed = await Start("seed");
        await Start("worker", "--seed", seed.HostPort, "--cores", "2");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["actornet:remote:secret"] = Secret }).Build();
        using var sc = new ClusterContext($"actornet://{seed.HostPort}", "downed-driver", config);
        var cluster = Akka.Cluster.Cluster.Get(sc.ClusterBackend!.System);

        // A job whose tasks run far longer than the test; the cluster then downs the driver's node (as a split brain
        // resolver does when it takes the driver for lost).
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sc.AddListener(new OnTaskStarted(started));
        var running = Task.Run(() => sc.Parallelize(Enumerable.Range(0, 2), 2).Map(x => { Thread.Sleep(TimeSpan.FromMinutes(5)); return x; }).Collect());
        await started.Task.WaitAsync(Patience);
        cluster.Down(cluster.SelfAddress);

        var failure = await Assert.ThrowsAsync<RddJobException>(() => running.WaitAsync(Patience));
        Assert.Contains("was downed or shut down", failure.Message);
        var later = Assert.Throws<RddJobException>(() => sc.Parallelize(Enumerable.Range(0, 2), 2).Count());
        Assert.Contains("was downed or shut down", later.Message);
    }

    private sealed class OnTaskStarted(TaskCompletionSource started) : ActorNet.Rdd.Events.IClusterListener
    {
        public void OnEvent(ActorNet.Rdd.Events.ListenerEvent e)
        {
            if (e is ActorNet.Rdd.Events.TaskStarted) started.TrySetResult();
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
    }
}
