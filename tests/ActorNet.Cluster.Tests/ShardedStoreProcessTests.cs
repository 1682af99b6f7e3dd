using ActorNet.Configuration;
using ActorNet.ControlPlane;
using ActorNet.VectorStore;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;
using static Akka.Cluster.ClusterEvent;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// The sharded vector store that `actornet worker` hosts, used by this test process as a cluster member (a proxy), while
/// a worker process is SIGKILLed mid-traffic. What the design promises: the killed worker's slices get new homes on the
/// survivors once the split brain resolver has downed it and the cluster removed it (they start empty: their values are
/// lost until restored from a snapshot); every request to the survivors' slices is answered and applied exactly once;
/// a request sent into the crash fails (it may or may not have been applied) instead of hanging.
/// </summary>
public sealed class ShardedStoreProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(20);
    private const string Secret = "sharded-store-secret";
    private const int Keys = 60, Width = 4;
    private readonly List<NodeProcess> _nodes = [];
    private ClusterNode? _client;

    // Every node's settings: the secret, a quick split brain resolver, one slice per key.
    private static readonly (string Path, string Value)[] Common =
    [
        ("actornet.remote.secret", Secret),
        ("akka.cluster.failure-detector.acceptable-heartbeat-pause", "5s"),
        ("akka.cluster.split-brain-resolver.stable-after", "3s"),
        ("actornet.cluster.sharding.vector-store.slice-size", "16"),
        ("actornet.cluster.sharding.vector-store.number-of-shards", "30"),
    ];

    private async Task<NodeProcess> StartNode(params string[] args)
    {
        var node = await NodeProcess.StartNodeAsync(Patience, [.. args, .. Common.SelectMany(s => new[] { "--set", $"{s.Path}={s.Value}" })]);
        lock (_nodes) _nodes.Add(node);
        return node;
    }

    private ClusterNode JoinAsClient(NodeProcess seed)
    {
        var values = Common.ToDictionary(s => s.Path.Replace('.', ':'), s => (string?)s.Value);
        values["actornet:cluster:seed-nodes:0"] = seed.HostPort;
        values["actornet:cluster:roles:0"] = "client";
        _client = ClusterNode.Start(new ConfigurationBuilder().AddActorNetReference().AddInMemoryCollection(values).Build());
        return _client;
    }

    private static float[] Vector(float value) => Enumerable.Repeat(value, Width).ToArray();

    [Fact]
    public async Task A_killed_workers_slices_restart_empty_on_the_survivors_and_the_survivors_keys_never_notice()
    {
        var seed = await StartNode("seed", "--port", "0");
        var workers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartNode("worker", "--seed", seed.HostPort, "--port", "0", "--cores", "1")));
        var client = JoinAsClient(seed);
        await client.WhenUp(Patience);
        var events = ClusterEventLog.Subscribe(client.System);
        await AwaitAsync(() => client.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up) == 5, "5 Up members seen by the client");

        var store = ShardedVectorStore.ForMember(client.System, OperationTimeout, sliceSize: 16);
        // Shards go to the region with the fewest when first used: wait for all three workers' regions, or the first
        // registered could take every slice (and the victim might then host all or none of them).
        await AwaitAsync(async () => await RegionCount(store) == workers.Length, "the three workers' store regions registered");
        var keys = Enumerable.Range(0, Keys).Select(i => $"k{i}").ToArray();
        await Task.WhenAll(keys.Select((k, i) => store.InitAsync(k, Vector(i))));
        var snapshot = await store.SnapshotAsync();
        Assert.Equal(Keys, snapshot.Count);

        var victim = workers[^1];
        var shards = await ShardsByHost(store);
        output.WriteLine("shards by host: " + string.Join(", ", shards.Select(h => $"{h.Key} {h.Value}")));
        Assert.True(shards.GetValueOrDefault(victim.Address) > 0, "the victim hosts no shard");
        Assert.Contains(shards, h => h.Key != victim.Address && h.Value > 0);
        var unreachable = events.WaitForAsync<UnreachableMember>(u => u.Member.Address.ToString() == victim.Address, Patience);
        var removed = events.WaitForAsync<MemberRemoved>(r => r.Member.Address.ToString() == victim.Address, Patience);
        victim.Signal(NodeProcess.SIGKILL);

        // Until the victim is removed, each round pushes +1 to every key.
        var pushes = new List<(string Key, Task Task)>();
        for (var round = 0; !removed.IsCompleted; round++)
        {
            foreach (var key in keys) pushes.Add((key, store.PushAsync(key, Vector(1))));
            await Task.WhenAny(removed, Task.Delay(500));
            Assert.True(round < 400, "the killed worker was not removed in time");
        }
        await unreachable;
        Assert.Equal(MemberStatus.Down, (await removed).PreviousStatus);
        var outcomes = await Task.WhenAll(pushes.Select(p => OutcomeOf(p.Task)));
        var byKey = pushes.Zip(outcomes, (p, o) => (p.Key, Outcome: o)).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Outcome).ToArray());
        output.WriteLine(string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.DoesNotContain(Outcome.Other, outcomes);

        // A key whose pushes all went through lived on a survivor: its value counts every push exactly once. A key with a
        // failed push lived on the victim: once the victim is removed its slice starts empty on a survivor.
        var lost = keys.Where(k => byKey[k].Any(o => o != Outcome.Done)).ToHashSet();
        Assert.NotEmpty(lost);
        Assert.True(lost.Count < Keys, "every key lost: the survivors hosted nothing");
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            if (lost.Contains(key))
                await Assert.ThrowsAsync<KeyNotFoundException>(() => store.PullAsync(key));
            else
                Assert.Equal(Vector(i + byKey[key].Length), await store.PullAsync(key));
        }

        // Restored from the snapshot, the lost keys are back, hosted by the survivors.
        await store.RestoreAsync(snapshot.Where(e => lost.Contains(e.Key)).ToDictionary());
        foreach (var key in lost) Assert.Equal(snapshot[key], await store.PullAsync(key));
    }

    private static async Task<int> RegionCount(ShardedVectorStore store) =>
        (await store.Region.Ask<CurrentRegions>(GetCurrentRegions.Instance, OperationTimeout)).Regions.Count;

    private static async Task<Dictionary<string, int>> ShardsByHost(ShardedVectorStore store)
    {
        var stats = await store.Region.Ask<ClusterShardingStats>(new GetClusterShardingStats(OperationTimeout), OperationTimeout);
        return stats.Regions.ToDictionary(r => r.Key.ToString(), r => r.Value.Stats.Count);
    }

    private enum Outcome { Done, NotInitialized, Failed, Other }

    private static async Task<Outcome> OutcomeOf(Task task)
    {
        try
        {
            await task;
            return Outcome.Done;
        }
        catch (KeyNotFoundException)
        {
            return Outcome.NotInitialized;
        }
        catch (Exception e) when (e is TimeoutException or IOException or Akka.Actor.AskTimeoutException)
        {
            return Outcome.Failed;
        }
        catch (Exception)
        {
            return Outcome.Other;
        }
    }

    private static Task AwaitAsync(Func<bool> condition, string what) => AwaitAsync(() => Task.FromResult(condition()), what);

    private static async Task AwaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail($"timed out waiting for {what}");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            if (_client is not null) await _client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            foreach (var node in _nodes) node.Dispose();
        }
    }
}
