using System.Buffers.Binary;
using ActorNet.DataPlane;
using ActorNet.DataPlane.Wire;

namespace ActorNet.Actors.Tests.DataPlane;

public sealed class HostileInputTests : DataPlaneTestBase
{
    private static readonly TimeSpan CloseBound = TimeSpan.FromSeconds(5);

    // A node with an echo service and a counter of handler calls.
    private (DataPlaneNode Node, Func<int> Calls) Target(string? secret = null, Func<DataPlaneOptions, DataPlaneOptions>? configure = null)
    {
        var node = StartNode(secret, configure);
        int calls = 0;
        Serve(node, "echo", (request, _) =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult(new BlockReply(request.Header.ToArray(), request.Body));
        });
        return (node, () => Volatile.Read(ref calls));
    }

    private async Task AssertStillServes(DataPlaneNode target, string? secret = null)
    {
        var client = StartNode(secret);
        var reply = await client.RequestAsync(target.Address, "echo", "alive"u8.ToArray(), BlockBody.FromFloats(Ramp(1000)), cancellationToken: Bounded());
        Assert.Equal("alive"u8.ToArray(), reply.Header.ToArray());
        Assert.Equal(999 * 0.5f, reply.Body.Floats[^1]);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_and_the_handler_never_runs()
    {
        var (server, calls) = Target(secret: "right");
        var client = StartNode(secret: "wrong");

        var error = await Assert.ThrowsAsync<DataPlaneException>(() => client.RequestAsync(server.Address, "echo", default, cancellationToken: Bounded()));

        Assert.Contains("authentication failed", error.Message);
        await Eventually(() => server.Violations > 0, "the server counts the refused handshake");
        Assert.Equal(0, calls());
        await AssertStillServes(server, "right");
    }

    [Theory]
    [InlineData(null, "s3cret")]
    [InlineData("s3cret", null)]
    public async Task A_node_without_a_secret_and_one_with_refuse_each_other(string? clientSecret, string? serverSecret)
    {
        var (server, calls) = Target(serverSecret);
        var client = StartNode(clientSecret);

        await Assert.ThrowsAsync<DataPlaneException>(() => client.RequestAsync(server.Address, "echo", default, cancellationToken: Bounded()));

        Assert.Equal(0, calls());
        await AssertStillServes(server, serverSecret);
    }

    [Fact]
    public async Task Random_bytes_instead_of_a_handshake_close_that_connection_only()
    {
        var (server, calls) = Target(secret: "k");
        await using var raw = await FakePeer.ConnectRawAsync(server.Address, Bounded());
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);

        await raw.SendAsync(garbage, Bounded());

        Assert.True(await raw.ClosedByNodeAsync(CloseBound));
        await Eventually(() => server.Violations == 1, "one violation logged");
        Assert.Equal(0, calls());
        await AssertStillServes(server, "k");
    }

    [Fact]
    public async Task A_silent_connection_is_closed_after_the_handshake_timeout()
    {
        var (server, _) = Target(secret: "k", options => options with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        await using var raw = await FakePeer.ConnectRawAsync(server.Address, Bounded());

        Assert.True(await raw.ClosedByNodeAsync(CloseBound));
        await AssertStillServes(server, "k");
    }

    [Theory]
    [InlineData(3, 1u << 30)]   // a 1 GiB chunk
    [InlineData(1, 1u << 30)]   // a request start with a 1 GiB header
    [InlineData(3, 9u)]         // an empty chunk
    [InlineData(77, 9u)]        // an unknown frame type
    [InlineData(4, 100u)]       // an abort with a body
    public async Task A_bad_frame_after_authentication_closes_that_connection_only(byte type, uint length)
    {
        var (server, calls) = Target(secret: "k");
        await using var peer = await FakePeer.ConnectAsync(server.Address, "k", Bounded());
        var prefix = new byte[Frames.PrefixSize];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, length);
        prefix[4] = type;

        await peer.SendAsync(prefix, Bounded());

        Assert.True(await peer.ClosedByNodeAsync(CloseBound));
        await Eventually(() => server.Violations == 1, "one violation logged");
        Assert.Equal(0, calls());
        await AssertStillServes(server, "k");
    }

    [Fact]
    public async Task A_body_larger_than_MaxBodyBytes_is_refused_before_anything_is_allocated()
    {
        var (server, calls) = Target(secret: "k", options => options with { MaxBodyBytes = 1 << 20 });
        await using var peer = await FakePeer.ConnectAsync(server.Address, "k", Bounded());

        await peer.SendAsync(Frames.RequestStart(1, "echo"u8.ToArray(), default, BlockBodyKind.Floats, 1L << 40), Bounded());

        Assert.True(await peer.ClosedByNodeAsync(CloseBound));
        Assert.Equal(0, calls());
        await AssertStillServes(server, "k");
    }

    [Fact]
    public async Task Chunks_running_past_their_body_or_of_unknown_requests_close_the_connection()
    {
        var (server, calls) = Target(secret: "k");
        await using (var past = await FakePeer.ConnectAsync(server.Address, "k", Bounded()))
        {
            await past.SendAsync(Frames.RequestStart(1, "echo"u8.ToArray(), default, BlockBodyKind.Bytes, 10), Bounded());
            await past.SendAsync(FakePeer.Chunk(1, new byte[11]), Bounded());
            Assert.True(await past.ClosedByNodeAsync(CloseBound));
        }
        await using (var unknown = await FakePeer.ConnectAsync(server.Address, "k", Bounded()))
        {
            await unknown.SendAsync(FakePeer.Chunk(5, new byte[100]), Bounded());
            Assert.True(await unknown.ClosedByNodeAsync(CloseBound));
        }
        Assert.Equal(0, calls());
        await AssertStillServes(server, "k");
    }

    [Fact]
    public async Task A_truncated_frame_closes_that_connection_and_is_counted_once()
    {
        var (server, calls) = Target(secret: "k");
        var peer = await FakePeer.ConnectAsync(server.Address, "k", Bounded());
        var start = Frames.RequestStart(1, "echo"u8.ToArray(), "header"u8, BlockBodyKind.None, 0);

        await peer.SendAsync(start[..(start.Length - 3)], Bounded());
        await peer.DisposeAsync();

        await Eventually(() => server.Violations == 1, "the truncated frame counted");
        Assert.Equal(0, calls());
        await AssertStillServes(server, "k");
    }

    [Fact]
    public void A_node_refuses_to_listen_beyond_loopback_without_a_secret()
    {
        var error = Assert.Throws<ArgumentException>(() => DataPlaneNode.Start(new DataPlaneOptions { Host = "0.0.0.0" }));
        Assert.Contains("without a Secret", error.Message);
    }

    [Fact]
    public async Task A_request_header_over_the_limit_is_refused_by_the_sender()
    {
        var (server, _) = Target();
        var client = StartNode(configure: options => options with { MaxHeaderBytes = 100 });

        await Assert.ThrowsAsync<ArgumentException>(() => client.RequestAsync(server.Address, "echo", new byte[101], cancellationToken: Bounded()));
    }
}
