using System.Net.Sockets;
using ActorNet.DataPlane;
using ActorNet.DataPlane.Wire;

namespace ActorNet.Actors.Tests.DataPlane;

/// <summary>
/// A campaign of 100,000 random and mutated frames against one node's data plane, from clients that never
/// authenticate and from authenticated ones: the node keeps serving, each bad connection is closed and counted once,
/// and the node's memory does not grow with what it was sent (each connection's buffers are bounded).
/// </summary>
[Collection(ActorNet.Actors.Tests.ProcessWideMeasurements.Name)]
public sealed class FrameFuzzTests(Xunit.Abstractions.ITestOutputHelper output) : DataPlaneTestBase
{
    private const int FrameCount = 100_000;
    private const string Secret = "fuzz";
    private static readonly uint[] Lies = [0xFFFFFFFF, 0x7FFFFFFF, 0x40000000, 0x00100000, 9, 0];

    [Fact]
    public async Task A_hundred_thousand_hostile_frames_leave_the_node_serving_with_bounded_memory()
    {
        var server = StartNode(Secret, o => o with { MaxBodyBytes = 1 << 20 });
        ServeEcho(server);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var sent = 0L;
        var connections = 0;
        var random = new Random(20261207);
        while (sent < FrameCount)
        {
            // Eight connections at a time, each with its own seed so that a failure reproduces.
            var batch = Enumerable.Range(0, 8).Select(_ => random.Next()).ToArray();
            var counts = await Task.WhenAll(batch.Select(seed => OneConnection(server.Address, new Random(seed))));
            sent += counts.Sum();
            connections += batch.Length;
        }

        output.WriteLine($"{sent} frames on {connections} connections: {server.Violations} violations counted");
        await AssertServes(server);
        // Closed and counted once each: never more violations than connections (the valid ones count none).
        Assert.InRange(server.Violations, 1, connections);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 64L << 20, $"the node's process grew by {(after - before) >> 20} MiB after {sent} frames on {connections} connections");
    }

    // One connection's worth of frames: a quarter never authenticate and send garbage or a mutated hello; the rest
    // authenticate and send valid requests with a mutated frame among them. Returns the frames sent.
    private static async Task<int> OneConnection(DataPlaneAddress node, Random random)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var authenticated = random.Next(4) != 0;
        await using var peer = authenticated
            ? await FakePeer.ConnectAsync(node, Secret, timeout.Token)
            : await FakePeer.ConnectRawAsync(node, timeout.Token);
        var stream = new MemoryStream();
        var frames = 0;
        if (!authenticated)
        {
            var hello = Handshake.Hello(Handshake.NewNonce(), "127.0.0.1:1");
            stream.Write(random.Next(2) == 0 ? Mutate(hello, random) : RandomBytes(random, 1 + random.Next(512)));
            frames++;
        }
        for (var i = 0; i < 200; i++)
        {
            ulong id = (ulong)(i + 1);
            var body = new byte[4 * (1 + random.Next(16))];
            random.NextBytes(body);
            var start = Frames.RequestStart(id, "echo"u8.ToArray(), "h"u8, BlockBodyKind.Floats, body.Length);
            var chunk = FakePeer.Chunk(id, body);
            if (random.Next(50) == 0)
            {
                // The hostile frame: what follows it may not even be read.
                stream.Write(Mutate(random.Next(2) == 0 ? start : chunk, random));
                frames++;
                break;
            }
            stream.Write(start);
            stream.Write(chunk);
            frames += 2;
        }
        try
        {
            await peer.SendAsync(stream.ToArray(), timeout.Token);
            peer.Stream.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The node closed the connection while frames were still arriving: what a bad frame should do.
        }
        Assert.True(await peer.ClosedByNodeAsync(Bound), "the node kept a connection open after its client finished");
        return frames;
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = (byte[])valid.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var f = 1 + random.Next(4); f > 0; f--) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 1:
                var at = random.Next(Math.Max(1, bytes.Length - 3));
                var lie = Lies[random.Next(Lies.Length)];
                for (var b = 0; b < 4 && at + b < bytes.Length; b++) bytes[at + b] = (byte)(lie >> (8 * b));
                return bytes;
            case 2:
                return bytes[..random.Next(bytes.Length)];
            default:
                return RandomBytes(random, 1 + random.Next(256));
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private async Task AssertServes(DataPlaneNode target)
    {
        var client = StartNode(Secret);
        var reply = await client.RequestAsync(target.Address, "echo", "alive"u8.ToArray(), BlockBody.FromFloats(Ramp(1000)), cancellationToken: Bounded());
        Assert.Equal("alive"u8.ToArray(), reply.Header.ToArray());
        Assert.Equal(999 * 0.5f * 2, reply.Body.Floats[^1]);
    }
}
