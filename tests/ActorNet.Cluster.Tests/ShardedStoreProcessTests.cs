using System.Diagnostics;
using ActorNet.Actors;
using ActorNet.Actors.Sharding;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;
using ClusterExtension = ActorNet.Actors.Cluster;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// The sharded vector store that `actornet worker` hosts (see NodeVectorStore in the node host), used by this
/// test process as a cluster member with a proxy region, while a worker process is SIGKILLed. What the design
/// promises: the killed worker's slices are re-homed on the survivors and every request sent after the cluster
/// saw the worker unreachable is answered there (the slices start empty, so their values are lost until
/// restored from a snapshot); the survivors' slices never notice. Requests sent in the moment of the crash,
/// before anybody knew, may be lost (at-most-once delivery, as in Akka).
/// </summary>
public sealed class ShardedStoreProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    // A request answered by a live node takes milliseconds; one sent into the crash is never answered and ends after this.
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(20);
    private const string Secret = "sharded-store-secret";
    private const int Shards = 30, Keys = 60, Width = 4;
    private readonly List<NodeProcess> _nodes = [];
    private ActorSystem? _client;

    /// <summary>
    /// Every node's settings (HOCON paths): short cluster intervals with the 5 s acceptable heartbeat pause a
    /// loaded 2-core machine needs, sharding that retries quickly and does not rebalance during the test, and
    /// slices larger than a vector (one entity per key).
    /// </summary>
    private static readonly (string Path, string Value)[] Common =
    [
        ("actornet.remote.secret", Secret),
        ("actornet.remote.reconnect-backoff-max", "500ms"),
        ("actornet.cluster.retry-join-interval", "300ms"),
        ("actornet.cluster.gossip-interval", "200ms"),
        ("actornet.cluster.leader-actions-interval", "200ms"),
        ("actornet.cluster.heartbeat-interval", "200ms"),
        ("actornet.cluster.failure-detector.acceptable-heartbeat-pause", "5s"),
        ("actornet.cluster.downing.stable-after", "2s"),
        ("actornet.actor.shutdown-phase-timeout", "3s"),
        ("actornet.cluster.sharding.number-of-shards", Shards.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("actornet.cluster.sharding.retry-interval", "200ms"),
        ("actornet.cluster.sharding.rebalance-interval", "10m"),
        ("actornet.cluster.sharding.vector-store.slice-size", "16"),
    ];

    private static string[] SetArguments => [.. Common.SelectMany(s => new[] { "--set", $"{s.Path}={s.Value}" })];

    private async Task<NodeProcess> StartNode(params string[] args)
    {
        var node = await NodeProcess.StartNodeAsync(Patience, [.. args, .. SetArguments]);
        lock (_nodes) _nodes.Add(node);
        return node;
    }

    /// <summary>This test process as a cluster member with the role <c>client</c>, joining through <paramref name="seed"/>.</summary>
    private ActorSystem JoinAsClient(NodeProcess seed)
    {
        var values = Common.ToDictionary(s => s.Path.Replace('.', ':'), s => (string?)s.Value);
        values["actornet:remote:port"] = "0";
        values["actornet:remote:hostname"] = "127.0.0.1";
        values["actornet:cluster:seed-nodes:0"] = seed.HostPort;
        values["actornet:cluster:roles:0"] = "client";
        _client = ActorSystem.Create("actornet", new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return _client;
    }

    private static string ShardOf(string key) => StableHash.ShardOf($"{key}#0", Shards);

    private static float[] Vector(float value) => Enumerable.Repeat(value, Width).ToArray();

    [Fact]
    public async Task A_killed_workers_slices_move_to_the_survivors_and_requests_sent_meanwhile_are_answered_there()
    {
        var seed = await StartNode("seed", "--port", "0");
        var workers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartNode("worker", "--seed", seed.HostPort, "--port", "0", "--cores", "1")));
        var client = JoinAsClient(seed);
        var events = ClusterEventLog.Subscribe(client);
        var cluster = ClusterExtension.Get(client);
        await AwaitAsync(() => cluster.State.Members.Count(m => m.Status == MemberStatus.Up) == 5, "5 Up members seen by the client");

        // The coordinator runs on the oldest worker; wait until the 3 workers' regions registered with it.
        var byAge = cluster.State.Members.Where(m => m.HasRole("worker")).Order(Member.AgeOrdering).Select(m => m.Address.ToString()).ToArray();
        var coordinatorPath = $"{byAge[0]}/system/sharding-{ShardedVectorStore.TypeName}-singleton/coordinator";
        await AwaitAsync(async () =>
        {
            var coordinator = await client.ActorSelection(coordinatorPath).ResolveOne(OperationTimeout);
            return (await coordinator.Ask<CurrentShardAllocations>(GetShardAllocations.Instance, OperationTimeout)).Regions.Count == 3;
        }, "the 3 workers' regions registered with the coordinator");

        var proxy = ShardedVectorStore.StartProxyInCluster(client, role: "worker");
        var store = new ShardedVectorStore(proxy.Region, proxy.SliceSize, OperationTimeout);
        var keys = Enumerable.Range(0, Keys).Select(i => $"k{i}").ToArray();
        await Task.WhenAll(keys.Select((k, i) => store.InitAsync(k, Vector(i))));
        var snapshot = await store.SnapshotAsync();

        // Least-shards allocation spread the keys over all three workers.
        var shardsOf = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var worker in workers) shardsOf[worker.Address] = await RegionShards(client, worker.Address);
        Assert.All(workers, w => Assert.NotEmpty(shardsOf[w.Address]));
        var hosted = shardsOf.Values.SelectMany(s => s).ToArray();
        Assert.Equal(hosted.Length, hosted.Distinct().Count());
        Assert.Subset(hosted.ToHashSet(), keys.Select(ShardOf).ToHashSet());

        // The youngest worker dies (not the coordinator's node: that failover has its own in-process test).
        var victim = workers.Single(w => w.Address == byAge[^1]);
        var survivors = workers.Where(w => w != victim).ToArray();
        var lostKeys = keys.Where(k => shardsOf[victim.Address].Contains(ShardOf(k))).ToHashSet();
        Assert.NotEmpty(lostKeys);
        var unreachable = events.WaitForAsync<UnreachableMember>(u => u.Member.Address.ToString() == victim.Address, Patience);
        var removed = events.WaitForAsync<MemberRemoved>(r => r.Member.Address.ToString() == victim.Address, Patience);
        victim.Signal(NodeProcess.SIGKILL);

        // Meanwhile: each round pushes +1 to every key and initializes a new key, until the victim was removed.
        var requests = new List<Request>();
        var clock = Stopwatch.StartNew();
        for (int round = 0; ; round++)
        {
            bool last = removed.IsCompleted;
            var phase = last ? Phase.AfterRemoved : unreachable.IsCompleted ? Phase.AfterUnreachable : Phase.BeforeUnreachable;
            foreach (var key in keys) requests.Add(new Request(key, phase, false, store.PushAsync(key, Vector(1))));
            var fresh = $"meanwhile-{round}";
            requests.Add(new Request(fresh, phase, true, store.InitAsync(fresh, Vector(1000 + round))));
            if (last) break;
            Assert.True(clock.Elapsed < Patience, "the killed worker was not removed in time");
            await Task.WhenAny(removed, Task.Delay(250)); // pacing: a round every 250 ms spans the whole outage
        }
        await unreachable;
        Assert.Equal(MemberStatus.Down, (await removed).PreviousStatus);
        var outcomes = await Task.WhenAll(requests.Select(r => OutcomeOf(r.Task)));
        var results = requests.Zip(outcomes, (r, o) => (Request: r, Outcome: o)).ToArray();
        string Describe() => string.Join(", ", results.GroupBy(r => (r.Request.Phase, r.Outcome)).Select(g => $"{g.Key}: {g.Count()}"));
        output.WriteLine($"{lostKeys.Count} of {Keys} keys lived on the killed worker; requests by phase and outcome: {Describe()}");

        // Nothing but answers and (only before anybody knew of the crash) unanswered requests to the lost node.
        Assert.DoesNotContain(results, r => r.Outcome == Outcome.Other);
        // The survivors' keys never noticed: every push was applied, exactly once.
        Assert.All(results.Where(r => !r.Request.Init && !lostKeys.Contains(r.Request.Key)), r => Assert.Equal(Outcome.Done, r.Outcome));
        // After the cluster knew, every request was answered; pushes to the lost keys by fresh, empty slices on a survivor.
        foreach (var (request, outcome) in results.Where(r => r.Request.Phase != Phase.BeforeUnreachable))
        {
            var expected = !request.Init && lostKeys.Contains(request.Key) ? Outcome.NotInitialized : Outcome.Done;
            Assert.True(outcome == expected, $"{request.Key} in {request.Phase}: {outcome}, expected {expected}; all: {Describe()}");
        }
        Assert.Contains(results, r => r.Request.Phase == Phase.AfterUnreachable); // the outage had requests in it

        // Every key is reachable on the survivors: values kept where nothing was lost, lost slices empty until restored.
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            if (lostKeys.Contains(key))
            {
                await Assert.ThrowsAsync<KeyNotFoundException>(() => store.PullAsync(key));
                continue;
            }
            int pushes = results.Count(r => r.Request.Key == key && !r.Request.Init);
            Assert.Equal(Vector(i + pushes), await store.PullAsync(key));
        }
        foreach (var (request, _) in results.Where(r => r.Request.Init && r.Outcome == Outcome.Done))
            Assert.Equal(Vector(1000 + int.Parse(request.Key["meanwhile-".Length..])), await store.PullAsync(request.Key));
        await store.RestoreAsync(snapshot.Where(e => lostKeys.Contains(e.Key)).ToDictionary());
        foreach (var key in lostKeys) Assert.Equal(snapshot[key], await store.PullAsync(key));

        // The survivors host every shard now.
        var after = new List<string>();
        foreach (var survivor in survivors) after.AddRange(await RegionShards(client, survivor.Address));
        Assert.Subset(after.ToHashSet(), keys.Select(ShardOf).ToHashSet());
        Assert.Equal(after.Count, after.Distinct().Count());
    }

    private enum Phase { BeforeUnreachable, AfterUnreachable, AfterRemoved }

    private enum Outcome { Done, NotInitialized, Unanswered, Other }

    private sealed record Request(string Key, Phase Phase, bool Init, Task Task);

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
        catch (AskTimeoutException)
        {
            return Outcome.Unanswered;
        }
        catch (Exception)
        {
            return Outcome.Other;
        }
    }

    private static async Task<IReadOnlyList<string>> RegionShards(ActorSystem client, string nodeAddress)
    {
        var region = await client.ActorSelection($"{nodeAddress}/system/sharding-{ShardedVectorStore.TypeName}").ResolveOne(OperationTimeout);
        return (await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, OperationTimeout)).Shards;
    }

    private static Task AwaitAsync(Func<bool> condition, string what) => AwaitAsync(() => Task.FromResult(condition()), what);

    /// <summary>Checks <paramref name="condition"/> again every 100 ms (a failed check counts as false) until it holds, bounded by the test's patience.</summary>
    private static async Task AwaitAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < Patience)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception error) when (error is ActorNotFoundException or AskTimeoutException)
            {
                last = error;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"timed out waiting for {what}{(last is null ? "" : $" (last error: {last.Message})")}");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            if (_client is not null) await _client.Terminate().WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            // The processes go even when this member's leave did not finish in time.
            foreach (var node in _nodes) node.Dispose();
        }
    }
}
