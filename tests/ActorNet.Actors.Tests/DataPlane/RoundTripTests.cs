using System.Text;
using ActorNet.DataPlane;
using ActorNet.DataPlane.Wire;

namespace ActorNet.Actors.Tests.DataPlane;

// The old runtime has a ReplyLanding of its own in ActorNet.Actors, which encloses this namespace.
using ReplyLanding = ActorNet.DataPlane.ReplyLanding;

public sealed class RoundTripTests : DataPlaneTestBase
{
    [Fact]
    public async Task Bytes_go_there_and_back_with_the_header()
    {
        var server = StartNode();
        var client = StartNode();
        ServeEcho(server);
        var bytes = new byte[1000];
        new Random(1).NextBytes(bytes);

        var reply = await client.RequestAsync(server.Address, "echo", "hello"u8.ToArray(), BlockBody.FromBytes(bytes), cancellationToken: Bounded());

        Assert.Equal("hello", Encoding.UTF8.GetString(reply.Header.Span));
        Assert.Equal(BlockBodyKind.Bytes, reply.Body.Kind);
        Assert.Equal(bytes, reply.Body.Bytes.ToArray());
    }

    [Theory]
    [InlineData(10)]
    [InlineData(16 * 1024 * 1024)] // 64 MB: 256 chunks each way
    public async Task Floats_go_there_and_back(int count)
    {
        var server = StartNode();
        var client = StartNode();
        ServeEcho(server);
        var floats = Ramp(count);

        var reply = await client.RequestAsync(server.Address, "echo", default, BlockBody.FromFloats(floats), cancellationToken: Bounded());

        Assert.Equal(count, reply.Body.Floats.Count);
        var received = reply.Body.Floats.AsSpan();
        for (int i = 0; i < count; i++)
            if (received[i] != floats[i] * 2) Assert.Fail($"float {i} is {received[i]}, expected {floats[i] * 2}");
        Assert.False(reply.Landed);
    }

    [Fact]
    public async Task Empty_bodies_and_empty_headers_round_trip()
    {
        var server = StartNode();
        var client = StartNode();
        ServeEcho(server);

        var none = await client.RequestAsync(server.Address, "echo", default, cancellationToken: Bounded());
        var emptyFloats = await client.RequestAsync(server.Address, "echo", default, BlockBody.FromFloats(Array.Empty<float>()), cancellationToken: Bounded());

        Assert.Equal(BlockBodyKind.None, none.Body.Kind);
        Assert.True(none.Header.IsEmpty);
        Assert.Equal(BlockBodyKind.Floats, emptyFloats.Body.Kind);
        Assert.Equal(0, emptyFloats.Body.Floats.Count);
    }

    [Fact]
    public async Task Many_concurrent_requests_share_one_connection_and_each_gets_its_own_reply()
    {
        var server = StartNode();
        var client = StartNode();
        ServeEcho(server);
        var big = Ramp(16 * 1024 * 1024);
        var bigTask = client.RequestAsync(server.Address, "echo", "big"u8.ToArray(), BlockBody.FromFloats(big), cancellationToken: Bounded());
        var small = Enumerable.Range(0, 100).Select(i =>
            client.RequestAsync(server.Address, "echo", BitConverter.GetBytes(i), BlockBody.FromFloats(new[] { (float)i }), cancellationToken: Bounded())).ToArray();

        var replies = await Task.WhenAll(small);
        for (int i = 0; i < replies.Length; i++)
        {
            Assert.Equal(i, BitConverter.ToInt32(replies[i].Header.Span));
            Assert.Equal(2f * i, replies[i].Body.Floats[0]);
        }
        var bigReply = await bigTask;
        Assert.Equal(big.Length, bigReply.Body.Floats.Count);
        Assert.Equal(big[^1] * 2, bigReply.Body.Floats[^1]);
    }

    [Fact]
    public async Task A_small_request_is_written_between_the_chunks_of_a_large_one_and_answered_while_it_is_in_flight()
    {
        // A fake server that reads nothing at first: the client's writer stalls inside the 64 MB body (TCP backpressure),
        // so the small request issued afterwards can only get out between the big one's chunks.
        using var listener = FakePeer.Listen();
        var address = new DataPlaneAddress("127.0.0.1", ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port);
        var client = StartNode();
        var accepting = FakePeer.AcceptAsync(listener, secret: null, Bounded());
        var bigTask = client.RequestAsync(address, "store", "big"u8.ToArray(), BlockBody.FromFloats(Ramp(16 * 1024 * 1024)), cancellationToken: Bounded());
        await using var server = await accepting;
        await Task.Delay(100); // let the writer fill the socket buffers (the test holds without it, less strictly)
        var smallTask = client.RequestAsync(address, "store", "small"u8.ToArray(), BlockBody.FromBytes(new byte[] { 42 }), cancellationToken: Bounded());

        long bigBodyBytes = 0, bigBodyTotal = -1;
        ulong bigId = 0, smallId = 0;
        while (smallId == 0)
        {
            var (type, id, rest) = await server.ReadFrameAsync(Bounded());
            if (type == FrameType.RequestStart)
            {
                Frames.ReadRequestStart(rest, out _, out long total, out _, out var header);
                if (Encoding.UTF8.GetString(header) == "big") (bigId, bigBodyTotal) = (id, total);
                else smallId = id;
            }
            else if (type == FrameType.Chunk && id == bigId)
            {
                bigBodyBytes += rest.Length;
            }
        }
        Assert.True(bigBodyBytes < bigBodyTotal, $"the small request came after all {bigBodyTotal} bytes of the big one");

        // Answer the small one first: it completes while the big one is still being sent.
        await server.SendAsync(Frames.ReplyStart(smallId, Frames.StatusOk, "ok"u8, BlockBodyKind.None, 0), Bounded());
        var small = await smallTask.WaitAsync(Bound);
        Assert.Equal("ok", Encoding.UTF8.GetString(small.Header.Span));
        Assert.False(bigTask.IsCompleted);

        while (bigBodyBytes < bigBodyTotal)
        {
            var (type, id, rest) = await server.ReadFrameAsync(Bounded());
            if (type == FrameType.Chunk && id == bigId) bigBodyBytes += rest.Length;
        }
        await server.SendAsync(Frames.ReplyStart(bigId, Frames.StatusOk, "done"u8, BlockBodyKind.None, 0), Bounded());
        Assert.Equal("done", Encoding.UTF8.GetString((await bigTask.WaitAsync(Bound)).Header.Span));
    }

    [Fact]
    public async Task A_reply_of_the_landing_length_is_read_into_the_callers_array()
    {
        var server = StartNode();
        var client = StartNode();
        Serve(server, "pull", (request, _) => ValueTask.FromResult(new BlockReply(default, BlockBody.FromFloats(Ramp(100_000, 3f)))));
        var destination = new float[300_000];
        var landing = new ReplyLanding(new ArraySegment<float>(destination, 100_000, 100_000));

        var reply = await client.RequestAsync(server.Address, "pull", default, landing: landing, cancellationToken: Bounded());

        Assert.True(reply.Landed);
        Assert.True(landing.HasLanded);
        Assert.Same(destination, reply.Body.Floats.Array);
        Assert.Equal(100_000, reply.Body.Floats.Offset);
        Assert.Equal(0f, destination[99_999]);
        Assert.Equal(0f, destination[100_000]);
        Assert.Equal(3f, destination[100_001]);
        Assert.Equal(99_999 * 3f, destination[199_999]);
        Assert.Equal(0f, destination[200_000]);
        Assert.False(reply.Body.ReturnToPool()); // the caller's memory, not the pool's
    }

    [Fact]
    public async Task A_reply_of_another_length_leaves_the_landing_alone()
    {
        var server = StartNode();
        var client = StartNode();
        Serve(server, "pull", (request, _) => ValueTask.FromResult(new BlockReply(default, BlockBody.FromFloats(Ramp(50_000, 3f)))));
        var destination = new float[100_000];
        Array.Fill(destination, -1f);
        var landing = new ReplyLanding(destination);

        var reply = await client.RequestAsync(server.Address, "pull", default, landing: landing, cancellationToken: Bounded());

        Assert.False(reply.Landed);
        Assert.False(landing.HasLanded);
        Assert.False(landing.WasAbandonedMidWrite);
        Assert.NotSame(destination, reply.Body.Floats.Array);
        Assert.Equal(49_999 * 3f, reply.Body.Floats[^1]);
        Assert.All(destination, value => Assert.Equal(-1f, value));
        Assert.True(reply.Body.ReturnToPool()); // a pooled array, given back once
        Assert.False(reply.Body.ReturnToPool());
    }

    [Fact]
    public async Task A_received_array_handed_on_goes_back_to_the_pool_once_by_itself()
    {
        var server = StartNode();
        var client = StartNode();
        Serve(server, "pull", (request, _) => ValueTask.FromResult(new BlockReply(default, BlockBody.FromFloats(Ramp(50_000, 3f)))));

        var reply = await client.RequestAsync(server.Address, "pull", default, cancellationToken: Bounded());
        var received = reply.Body.Floats.Array!;

        Assert.Equal(50_000, received.Length);
        Assert.True(BlockBody.ReturnReceived(received));
        Assert.False(BlockBody.ReturnReceived(received)); // given back already
        Assert.False(BlockBody.ReturnReceived(Ramp(50_000, 3f))); // built here, never the pool's
    }

    [Fact]
    public async Task The_request_carries_the_senders_listening_address()
    {
        var server = StartNode();
        var client = StartNode();
        var seen = new TaskCompletionSource<DataPlaneAddress>();
        Serve(server, "who", (request, _) =>
        {
            seen.TrySetResult(request.Peer);
            return ValueTask.FromResult(new BlockReply(default));
        });

        await client.RequestAsync(server.Address, "who", default, cancellationToken: Bounded());

        Assert.Equal(client.Address, await seen.Task.WaitAsync(Bound));
    }

    [Fact]
    public void Addresses_parse_and_print()
    {
        var address = DataPlaneAddress.Parse("10.0.0.7:4100");
        Assert.Equal(new DataPlaneAddress("10.0.0.7", 4100), address);
        Assert.Equal("10.0.0.7:4100", address.ToString());
        Assert.Equal(new DataPlaneAddress("::1", 5), DataPlaneAddress.Parse("[::1]:5"));
        Assert.Throws<FormatException>(() => DataPlaneAddress.Parse("no-port"));
        Assert.Throws<FormatException>(() => DataPlaneAddress.Parse("host:70000"));
    }
}
