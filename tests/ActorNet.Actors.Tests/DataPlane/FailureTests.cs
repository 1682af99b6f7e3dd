using System.Text;
using ActorNet.DataPlane;
using ActorNet.DataPlane.Wire;

namespace ActorNet.Actors.Tests.DataPlane;

// The old runtime has a ReplyLanding of its own in ActorNet.Actors, which encloses this namespace.
using ReplyLanding = ActorNet.DataPlane.ReplyLanding;

public sealed class FailureTests : DataPlaneTestBase
{
    [Fact]
    public async Task A_handler_exception_comes_back_as_a_DataPlaneException_with_its_message()
    {
        var server = StartNode();
        var client = StartNode();
        Serve(server, "fail", (_, _) => throw new InvalidOperationException("slice 17 is not here"));

        var error = await Assert.ThrowsAsync<DataPlaneException>(() => client.RequestAsync(server.Address, "fail", default, cancellationToken: Bounded()));

        Assert.True(error.IsRemote);
        Assert.Contains("slice 17 is not here", error.Message);
        Assert.Contains("InvalidOperationException", error.Message);
        ServeEcho(server);
        await client.RequestAsync(server.Address, "echo", default, cancellationToken: Bounded()); // the connection is still good
    }

    [Fact]
    public async Task An_unknown_service_is_an_error_reply()
    {
        var server = StartNode();
        var client = StartNode();

        var error = await Assert.ThrowsAsync<DataPlaneException>(() => client.RequestAsync(server.Address, "nothing", default, cancellationToken: Bounded()));

        Assert.True(error.IsRemote);
        Assert.Contains("no service 'nothing'", error.Message);
    }

    [Fact]
    public async Task Cancelling_a_request_cancels_the_handler_and_the_connection_keeps_serving()
    {
        var server = StartNode();
        var client = StartNode();
        var handlerCancelled = new TaskCompletionSource();
        var handlerStarted = new TaskCompletionSource();
        Serve(server, "slow", async (_, cancellationToken) =>
        {
            handlerStarted.TrySetResult();
            try { await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken); }
            catch (OperationCanceledException) { handlerCancelled.TrySetResult(); throw; }
            return new BlockReply(default);
        });
        ServeEcho(server);
        using var cancel = new CancellationTokenSource();

        var request = client.RequestAsync(server.Address, "slow", default, cancellationToken: cancel.Token);
        await handlerStarted.Task.WaitAsync(Bound);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Bound));
        await handlerCancelled.Task.WaitAsync(Bound);
        var reply = await client.RequestAsync(server.Address, "echo", "again"u8.ToArray(), cancellationToken: Bounded());
        Assert.Equal("again", Encoding.UTF8.GetString(reply.Header.Span));
    }

    [Fact]
    public async Task A_peer_that_dies_mid_reply_fails_the_request_at_once_and_the_landing_says_it_was_half_written()
    {
        using var listener = FakePeer.Listen();
        var address = new DataPlaneAddress("127.0.0.1", ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port);
        var client = StartNode();
        var landing = new ReplyLanding(new float[1 << 20]);
        var accepting = FakePeer.AcceptAsync(listener, secret: null, Bounded());
        var request = client.RequestAsync(address, "pull", default, landing: landing, cancellationToken: Bounded());
        var server = await accepting;
        var (_, id, _) = await server.ReadFrameAsync(Bounded());

        // Announce a 4 MiB reply, send one chunk of it, and die.
        await server.SendAsync(Frames.ReplyStart(id, Frames.StatusOk, default, BlockBodyKind.Floats, 4L << 20), Bounded());
        await server.SendAsync(FakePeer.Chunk(id, new byte[256 * 1024]), Bounded());
        await server.DisposeAsync();

        var error = await Assert.ThrowsAsync<DataPlaneException>(() => request.WaitAsync(Bound));
        Assert.Contains("connection lost", error.Message);
        Assert.False(error.IsRemote);
        Assert.True(landing.WasAbandonedMidWrite);
        Assert.False(landing.HasLanded);
    }

    [Fact]
    public async Task A_lost_connection_fails_every_pending_request_and_the_next_request_reconnects()
    {
        using var listener = FakePeer.Listen();
        var address = new DataPlaneAddress("127.0.0.1", ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port);
        var client = StartNode();
        var accepting = FakePeer.AcceptAsync(listener, secret: null, Bounded());
        var first = client.RequestAsync(address, "a", default, cancellationToken: Bounded());
        var second = client.RequestAsync(address, "b", default, cancellationToken: Bounded());
        var server = await accepting;
        await server.ReadFrameAsync(Bounded());
        await server.ReadFrameAsync(Bounded());
        await server.DisposeAsync();

        await Assert.ThrowsAsync<DataPlaneException>(() => first.WaitAsync(Bound));
        await Assert.ThrowsAsync<DataPlaneException>(() => second.WaitAsync(Bound));

        var reaccepting = FakePeer.AcceptAsync(listener, secret: null, Bounded());
        var third = client.RequestAsync(address, "c", default, cancellationToken: Bounded());
        await using var again = await reaccepting;
        var (type, id, _) = await again.ReadFrameAsync(Bounded());
        Assert.Equal(FrameType.RequestStart, type);
        await again.SendAsync(Frames.ReplyStart(id, Frames.StatusOk, "back"u8, BlockBodyKind.None, 0), Bounded());
        Assert.Equal("back", Encoding.UTF8.GetString((await third.WaitAsync(Bound)).Header.Span));
    }

    [Fact]
    public async Task Stopping_the_serving_node_fails_a_pending_request_instead_of_hanging()
    {
        var server = StartNode();
        var client = StartNode();
        var started = new TaskCompletionSource();
        Serve(server, "wait", async (_, cancellationToken) =>
        {
            started.TrySetResult();
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);
            return new BlockReply(default);
        });
        var request = client.RequestAsync(server.Address, "wait", default, BlockBody.FromFloats(Ramp(1 << 20)), cancellationToken: Bounded());
        await started.Task.WaitAsync(Bound);

        await server.DisposeAsync();

        await Assert.ThrowsAsync<DataPlaneException>(() => request.WaitAsync(Bound));
    }

    [Fact]
    public async Task The_release_callback_runs_once_and_only_after_the_body_is_written()
    {
        var server = StartNode();
        int released = 0;
        var body = Ramp(16 * 1024 * 1024); // 64 MB: more than the socket buffers hold while the fake client reads nothing
        Serve(server, "lend", (_, _) => ValueTask.FromResult(new BlockReply(default, BlockBody.FromFloats(body), () => Interlocked.Increment(ref released))));
        await using var client = await FakePeer.ConnectAsync(server.Address, secret: null, Bounded());
        await client.SendAsync(Frames.RequestStart(1, "lend"u8.ToArray(), default, BlockBodyKind.None, 0), Bounded());

        var (type, id, rest) = await client.ReadFrameAsync(Bounded());
        Assert.Equal(FrameType.ReplyStart, type);
        Frames.ReadReplyStart(rest, out _, out _, out long total, out _);
        await Task.Delay(200); // the server's writer is stuck on backpressure: the body is not written yet
        Assert.Equal(0, Volatile.Read(ref released));

        long received = 0;
        while (received < total) received += (await client.ReadFrameAsync(Bounded())).Body.Length;
        await Eventually(() => Volatile.Read(ref released) > 0, "release after the last chunk");
        await Task.Delay(100);
        Assert.Equal(1, Volatile.Read(ref released));
        Assert.Equal(1UL, id);
    }

    [Fact]
    public async Task A_reply_dropped_because_the_client_went_away_is_still_released_once()
    {
        var server = StartNode();
        var released = new TaskCompletionSource();
        int count = 0;
        Serve(server, "lend", (_, _) => ValueTask.FromResult(new BlockReply(default, BlockBody.FromFloats(Ramp(16 * 1024 * 1024)), () =>
        {
            Interlocked.Increment(ref count);
            released.TrySetResult();
        })));
        var client = await FakePeer.ConnectAsync(server.Address, secret: null, Bounded());
        await client.SendAsync(Frames.RequestStart(1, "lend"u8.ToArray(), default, BlockBodyKind.None, 0), Bounded());
        await client.ReadFrameAsync(Bounded());

        await client.DisposeAsync();

        await released.Task.WaitAsync(Bound);
        Assert.Equal(1, Volatile.Read(ref count));
    }
}
