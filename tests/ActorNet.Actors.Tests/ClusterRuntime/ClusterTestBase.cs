using ActorNet.Actors;
using ActorNet.TestKit;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors.Tests.ClusterRuntime;

/// <summary>
/// Cluster nodes as actor systems in this process, with remoting on 127.0.0.1:0 and short cluster
/// intervals, terminated after each test.
/// </summary>
public abstract class ClusterTestBase : IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<ActorSystem> _systems = [];

    protected ActorSystem NewNode(params (string Key, string Value)[] extra)
    {
        var values = new Dictionary<string, string?>
        {
            ["actornet:remote:port"] = "0",
            ["actornet:remote:hostname"] = "127.0.0.1",
            ["actornet:remote:secret"] = "cluster-test",
            ["actornet:remote:reconnect-backoff-min"] = "20ms",
            ["actornet:remote:reconnect-backoff-max"] = "200ms",
            ["actornet:cluster:retry-join-interval"] = "200ms",
            ["actornet:cluster:gossip-interval"] = "100ms",
            ["actornet:cluster:leader-actions-interval"] = "100ms",
            ["actornet:cluster:heartbeat-interval"] = "100ms",
            // Short enough for quick tests, long enough that a loaded 2-core CI machine does not see a live
            // node as unreachable (1 s and then 3 s did: a live node got downed as indirectly connected).
            ["actornet:cluster:failure-detector:acceptable-heartbeat-pause"] = "5s",
            ["actornet:cluster:downing:stable-after"] = "2s",
            ["actornet:actor:shutdown-phase-timeout"] = "3s",
        };
        foreach (var (key, value) in extra) values[key] = value;
        // Every node uses the same system name, as actornet nodes do.
        ActorSystem? system = null;
        var logging = TestFileLogger.FactoryFor(() => system?.Address.ToString() ?? "starting");
        system = ActorSystem.Create("cluster", new ConfigurationBuilder().AddInMemoryCollection(values).Build(),
            new ActorSystemOptions { LoggerFactory = logging });
        _systems.Add(system);
        return system;
    }

    /// <summary>
    /// Starts <paramref name="count"/> nodes; the first forms the cluster, the others join it; waits until all
    /// are Up everywhere. <paramref name="extra"/> settings apply to every node.
    /// </summary>
    protected ActorSystem[] FormCluster(int count, params (string Key, string Value)[] extra)
    {
        var first = NewNode(extra);
        Cluster.Get(first).JoinSeedNodes([first.Address]);
        var nodes = new List<ActorSystem> { first };
        for (int i = 1; i < count; i++)
        {
            // The others find the seed through configuration, written host:port as on the command line.
            var node = NewNode([.. extra, ("actornet:cluster:seed-nodes:0", $"127.0.0.1:{first.Address.Port}"), ("actornet:cluster:roles:0", "worker")]);
            Cluster.Get(node);
            nodes.Add(node);
        }
        TestProbe.AwaitAssert(() =>
        {
            foreach (var node in nodes)
            {
                var state = Cluster.Get(node).State;
                Assert.Equal(count, state.Members.Count(m => m.Status == MemberStatus.Up));
            }
        }, Patience, TimeSpan.FromMilliseconds(50));
        return [.. nodes];
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // In parallel: each node's graceful leave is bounded by the shutdown phase timeout.
        await Task.WhenAll(_systems.Select(s => s.Terminate())).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
