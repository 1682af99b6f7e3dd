using ActorNet.DataPlane;
using Akka.Actor;
using static Akka.Cluster.ClusterEvent;

namespace ActorNet.ControlPlane.Tests;

/// <summary>
/// Bulk bytes go on the data plane, so they never delay Akka's heartbeats: a 244 MB transfer between two nodes, with
/// Akka's failure detector at its defaults, leaves every member reachable.
/// </summary>
public sealed class BulkBesideHeartbeatsTests : IAsyncLifetime
{
    private const int Floats = 61_000_000; // CaffeNet's weights: 244 MB
    private readonly List<ClusterNode> _nodes = [];

    [Fact]
    public async Task A_244_MB_transfer_marks_nobody_unreachable()
    {
        var seed = Start(NodeConfigurations.Node("seed"));
        await seed.WhenUp(TimeSpan.FromSeconds(30));
        var worker = Start(NodeConfigurations.Node("worker", ClusterNodeTests.Seed(seed)));
        await worker.WhenUp(TimeSpan.FromSeconds(30));
        await ClusterNodeTests.AwaitMembersUp(seed, 2);
        Assert.Equal(TimeSpan.FromSeconds(3), seed.System.Settings.Config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));

        var unreachable = new List<string>();
        foreach (var node in _nodes)
            node.System.ActorOf(Props.Create(() => new UnreachableRecorder(unreachable)));

        var received = 0L;
        worker.DataPlane.Register("sink", new Sink(request =>
        {
            Interlocked.Add(ref received, request.Body.ByteLength);
            request.Body.ReturnToPool();
        }));
        var weights = new float[Floats];
        weights[^1] = 1f;
        for (var round = 0; round < 2; round++)
            await seed.DataPlane.RequestAsync(worker.DataPlane.Address, "sink", ReadOnlyMemory<byte>.Empty, BlockBody.FromFloats(weights))
                .WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(2L * Floats * sizeof(float), Interlocked.Read(ref received));
        // Heartbeats go every second; give a late verdict the detector's acceptable pause and a margin to show up.
        await Task.Delay(TimeSpan.FromSeconds(4));
        lock (unreachable) Assert.Empty(unreachable);
        Assert.All(seed.Members(), m => Assert.True(m.Reachable, $"{m.Address} unreachable"));
    }

    private ClusterNode Start(Microsoft.Extensions.Configuration.IConfiguration config)
    {
        var node = ClusterNode.Start(config);
        _nodes.Add(node);
        return node;
    }

    private sealed class Sink(Action<BlockRequest> take) : IBlockHandler
    {
        public ValueTask<BlockReply> HandleAsync(BlockRequest request, CancellationToken cancellationToken)
        {
            take(request);
            return ValueTask.FromResult(new BlockReply(ReadOnlyMemory<byte>.Empty));
        }
    }

    private sealed class UnreachableRecorder : ReceiveActor
    {
        public UnreachableRecorder(List<string> unreachable)
        {
            Receive<UnreachableMember>(m =>
            {
                lock (unreachable) unreachable.Add(m.Member.Address.ToString());
            });
            ReceiveAny(_ => { });
        }

        protected override void PreStart() =>
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(UnreachableMember));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));
}
