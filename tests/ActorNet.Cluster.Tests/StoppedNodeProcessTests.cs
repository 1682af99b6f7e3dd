using ActorNet.ControlPlane;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// A node that is stopped (SIGSTOP: its kernel still accepts and buffers, nobody reads) must not stall a node that
/// sends to it: the sender's actor finishes its sends at once (Akka's Tell never waits on a connection), and the
/// sender's heartbeats to the other nodes, on their own connections, keep it reachable and Up in their eyes.
/// </summary>
public sealed class StoppedNodeProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Secret = "stopped-node-secret";
    private readonly List<NodeProcess> _nodes = [];
    private ClusterNode? _client;

    private static readonly (string Path, string Value)[] Common =
    [
        ("actornet.remote.secret", Secret),
        ("akka.cluster.gossip-interval", "200ms"),
        ("akka.cluster.leader-actions-interval", "200ms"),
        ("akka.cluster.failure-detector.heartbeat-interval", "200ms"),
        ("akka.cluster.failure-detector.acceptable-heartbeat-pause", "5s"),
        // Far beyond the test: the stopped worker is never downed.
        ("akka.cluster.split-brain-resolver.stable-after", "5m"),
    ];

    private async Task<NodeProcess> StartNode(params string[] args)
    {
        var node = await NodeProcess.StartNodeAsync(Patience, [.. args, .. Common.SelectMany(s => new[] { "--set", $"{s.Path}={s.Value}" })]);
        lock (_nodes) _nodes.Add(node);
        return node;
    }

    [Fact]
    public async Task An_actor_flooding_a_stopped_node_finishes_and_the_other_nodes_still_see_its_node_up_and_reachable()
    {
        var seed = await StartNode("seed", "--port", "0");
        var stopped = await StartNode("worker", "--seed", seed.HostPort, "--port", "0", "--cores", "1");
        var values = Common.ToDictionary(s => s.Path.Replace('.', ':'), s => (string?)s.Value);
        values["actornet:remote:port"] = "0";
        values["actornet:cluster:seed-nodes:0"] = seed.HostPort;
        values["actornet:cluster:roles:0"] = "client";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        _client = ClusterNode.Start(new ConfigurationBuilder().AddConfiguration(ActorNet.Configuration.LayeredConfiguration.Build(null, [], new System.Collections.Hashtable()))
            .AddConfiguration(configuration).Build());
        var cluster = _client.Cluster;
        // Membership converges through gossip; look again every 100 ms, bounded.
        using (var deadline = new CancellationTokenSource(Patience))
            while (cluster.State.Members.Count(m => m.Status == MemberStatus.Up) < 3)
                await Task.Delay(100, deadline.Token);

        stopped.Signal(NodeProcess.SIGSTOP);
        try
        {
            // 128 MB for a node that reads nothing: its socket buffers fill long before the actor is done.
            var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var target = _client.System.ActorSelection($"{stopped.Address}/user/nobody");
            var flooder = _client.System.ActorOf(Props.Create(() => new Flooder(target, done, 4000, 32 * 1024)));
            flooder.Tell("go");
            Assert.Equal(4000, await done.Task.WaitAsync(Patience));

            // Once the seed has noticed the stopped node (the flood to it still stuck), this node must still be Up and
            // reachable in the seed's eyes.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            var reply = await ClusterStatus.AskAsync(_client.System, seed.Address, Patience);
            while (reply.Members.Any(m => m.Address == stopped.Address && m.Reachable))
            {
                Assert.True(waited.Elapsed < Patience, $"the seed never saw the stopped node as unreachable: {string.Join("; ", reply.Members)}");
                await Task.Delay(200);
                reply = await ClusterStatus.AskAsync(_client.System, seed.Address, Patience);
            }
            var self = _client.Address.ToString();
            Assert.Contains(reply.Members, m => m.Address == self && m.Status == "Up" && m.Reachable);
        }
        finally
        {
            stopped.Signal(NodeProcess.SIGCONT);
        }
    }

    /// <summary>Sends <c>count</c> strings of <c>size</c> characters to <c>target</c> in one handler, then completes <c>done</c> with the count.</summary>
    private sealed class Flooder : ReceiveActor
    {
        public Flooder(ActorSelection target, TaskCompletionSource<int> done, int count, int size) => Receive<string>(_ =>
        {
            var payload = new string('x', size);
            for (var i = 0; i < count; i++) target.Tell($"{i}:{payload}");
            done.TrySetResult(count);
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            if (_client is not null) await _client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            // The processes go even when this member's leave did not finish in time.
            foreach (var node in _nodes) node.Dispose();
        }
    }
}
