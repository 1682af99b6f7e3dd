using System.Net.Sockets;
using Akka.Actor;

namespace ActorNet.ControlPlane.Tests;

/// <summary>
/// Garbage and oversized frames sent to a node's Akka port close that connection only: the node keeps running, keeps
/// its members, and a real node still joins afterwards (with and without the cluster secret, i.e. TLS).
/// </summary>
[Collection(ActorNet.Actors.Tests.ProcessWideMeasurements.Name)]
public sealed class HostileAkkaPortTests : IAsyncLifetime
{
    private readonly List<ClusterNode> _nodes = [];

    public static TheoryData<string?> Secrets => new() { null, "hostile-secret" };

    [Theory]
    [MemberData(nameof(Secrets))]
    public async Task Garbage_and_oversized_frames_close_their_connection_and_the_node_keeps_serving(string? secret)
    {
        var seed = Start(NodeConfigurations.Node("seed", secret: secret));
        await seed.WhenUp(TimeSpan.FromSeconds(30));
        var port = seed.Address.Port!.Value;

        var random = new Random(42);
        var garbage = new byte[64 << 10];
        random.NextBytes(garbage);
        byte[] oversized = [0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8]; // a 2 GiB length prefix
        byte[] truncated = [0, 0, 0, 100, 1, 2, 3];                          // 100 bytes announced, 3 sent
        foreach (var payload in new[] { garbage, oversized, truncated })
            Assert.True(await ClosedByNode(port, payload), "the node left a hostile connection open");

        // Still a member and still serving: a real node joins and a message reaches an actor on the seed.
        var received = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        seed.System.ActorOf(Props.Create(() => new Recorder(received)), "inbox");
        var worker = Start(NodeConfigurations.Node("worker", ClusterNodeTests.Seed(seed), secret: secret));
        await worker.WhenUp(TimeSpan.FromSeconds(30));
        await ClusterNodeTests.AwaitMembersUp(seed, 2);
        worker.System.ActorSelection($"{seed.Address}/user/inbox").Tell("still here");
        Assert.Equal("still here", await received.Task.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public async Task A_campaign_of_a_hundred_thousand_hostile_frames_leaves_the_node_a_member_with_bounded_memory(string? secret)
    {
        var seed = Start(NodeConfigurations.Node("seed", secret: secret));
        await seed.WhenUp(TimeSpan.FromSeconds(30));
        var port = seed.Address.Port!.Value;
        var before = GC.GetTotalMemory(forceFullCollection: true);

        // 2,000 connections, eight at a time, each writing 50 length-prefixed frames (random payloads, some with lying
        // lengths) as Akka's framing reads them; each seed reproduces its connection.
        var random = new Random(20261207);
        var frames = 0;
        for (var batch = 0; batch < 250; batch++)
        {
            var seeds = Enumerable.Range(0, 8).Select(_ => random.Next()).ToArray();
            var closed = await Task.WhenAll(seeds.Select(s => ClosedByNode(port, HostileFrames(new Random(s), 50))));
            Assert.All(closed, c => Assert.True(c, "the node left a hostile connection open"));
            frames += seeds.Length * 50;
        }

        Assert.Equal(100_000, frames);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 64L << 20, $"the node's process grew by {(after - before) >> 20} MiB");
        var worker = Start(NodeConfigurations.Node("worker", ClusterNodeTests.Seed(seed), secret: secret));
        await worker.WhenUp(TimeSpan.FromSeconds(30));
        await ClusterNodeTests.AwaitMembersUp(seed, 2);
    }

    // Akka.Remote's framing is a 4-byte big-endian length and a payload: frames of random bytes, one in ten with a lie.
    private static byte[] HostileFrames(Random random, int count)
    {
        var stream = new MemoryStream();
        for (var i = 0; i < count; i++)
        {
            var payload = new byte[random.Next(1, 200)];
            random.NextBytes(payload);
            var length = random.Next(10) == 0 ? (uint)random.Next() : (uint)payload.Length;
            stream.Write([(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length]);
            stream.Write(payload);
        }
        return stream.ToArray();
    }

    // Sends the bytes and waits for the node to close the connection (a read that ends or fails); false if it stays open.
    private static async Task<bool> ClosedByNode(int port, byte[] payload)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(payload);
        }
        catch (IOException)
        {
            return true; // closed while we were still writing
        }
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private ClusterNode Start(Microsoft.Extensions.Configuration.IConfiguration config)
    {
        var node = ClusterNode.Start(config);
        _nodes.Add(node);
        return node;
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(TaskCompletionSource<object> received) => ReceiveAny(m => received.TrySetResult(m));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));
}
