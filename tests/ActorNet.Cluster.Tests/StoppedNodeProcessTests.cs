using ActorNet.Actors;
using Microsoft.Extensions.Configuration;
using ClusterExtension = ActorNet.Actors.Cluster;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// A node that is stopped (SIGSTOP: its kernel still accepts and buffers, nobody reads) must not stall the
/// actors of a node that sends to it: once the outbound queue to it is full, sends from an actor's thread
/// become dead letters at once, and the sender goes on talking to the other nodes.
/// </summary>
public sealed class StoppedNodeProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Secret = "stopped-node-secret";
    private readonly List<NodeProcess> _nodes = [];
    private ActorSystem? _client;

    private static readonly (string Path, string Value)[] Common =
    [
        ("actornet.remote.secret", Secret),
        ("actornet.cluster.retry-join-interval", "300ms"),
        ("actornet.cluster.gossip-interval", "200ms"),
        ("actornet.cluster.leader-actions-interval", "200ms"),
        ("actornet.cluster.heartbeat-interval", "200ms"),
        ("actornet.cluster.failure-detector.acceptable-heartbeat-pause", "5s"),
        // Far beyond the test: the stopped worker is never downed.
        ("actornet.cluster.downing.stable-after", "5m"),
        ("actornet.actor.shutdown-phase-timeout", "3s"),
    ];

    private async Task<NodeProcess> StartNode(params string[] args)
    {
        var node = await NodeProcess.StartNodeAsync(Patience, [.. args, .. Common.SelectMany(s => new[] { "--set", $"{s.Path}={s.Value}" })]);
        lock (_nodes) _nodes.Add(node);
        return node;
    }

    [Fact]
    public async Task An_actor_flooding_a_stopped_node_finishes_and_the_other_nodes_still_answer()
    {
        var seed = await StartNode("seed", "--port", "0");
        var stopped = await StartNode("worker", "--seed", seed.HostPort, "--port", "0", "--cores", "1");
        var values = Common.ToDictionary(s => s.Path.Replace('.', ':'), s => (string?)s.Value);
        values["actornet:remote:port"] = "0";
        values["actornet:remote:hostname"] = "127.0.0.1";
        values["actornet:cluster:seed-nodes:0"] = seed.HostPort;
        values["actornet:cluster:roles:0"] = "client";
        // A small queue fills quickly; a sender that waited for room would wait this long per message.
        values["actornet:remote:outbound-queue-size"] = "64";
        values["actornet:remote:handshake-timeout"] = "10m";
        _client = ActorSystem.Create("actornet", new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var cluster = ClusterExtension.Get(_client);
        // Membership converges through gossip; look again every 100 ms, bounded.
        using (var deadline = new CancellationTokenSource(Patience))
            while (cluster.State.Members.Count(m => m.Status == MemberStatus.Up) < 3)
                await Task.Delay(100, deadline.Token);

        stopped.Signal(NodeProcess.SIGSTOP);
        try
        {
            // 128 MB for a node that reads nothing: socket buffers and the queue fill long before the actor is done.
            var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var target = _client.ActorSelection($"{stopped.Address}/user/nobody");
            var flooder = _client.ActorOf(Props.Create(() => new Flooder(target, done, 4000, 32 * 1024)));
            long deadBefore = _client.DeadLetterCount;
            flooder.Tell("go");
            Assert.Equal(4000, await done.Task.WaitAsync(Patience));
            Assert.True(_client.DeadLetterCount - deadBefore > 1000, $"only {_client.DeadLetterCount - deadBefore} dead letters");

            // The seed still answers, and still sees this member (its heartbeats were not held up).
            var state = await ClusterExtension.QueryStateAsync(_client, Address.Parse(seed.Address), Patience);
            Assert.Contains(state.Members, m => m.Address.Equals(_client.Address) && m.Status == MemberStatus.Up);
            Assert.DoesNotContain(state.Unreachable, m => m.Address.Equals(_client.Address));
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
            for (int i = 0; i < count; i++) target.Tell($"{i}:{payload}");
            done.TrySetResult(count);
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            if (_client is not null) await _client.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            // The processes go even when this member's leave did not finish in time.
            foreach (var node in _nodes) node.Dispose();
        }
    }
}
