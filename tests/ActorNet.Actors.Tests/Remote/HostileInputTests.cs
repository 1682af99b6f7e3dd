using System.Buffers.Binary;
using System.Net.Sockets;
using System.IO.Pipelines;
using ActorNet.Actors;
using ActorNet.Actors.Remote;
using ActorNet.Actors.Remote.Proto;
using Google.Protobuf;

namespace ActorNet.Actors.Tests.Remote;

public sealed class HostileInputTests : RemoteTestBase
{
    private static async Task<bool> ClosedByPeer(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (n == 0) return true; // orderly close
            }
        }
        catch (SocketException)
        {
            return true; // reset
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task AssertStillServes(ActorSystem target, string secret = "s3cret")
    {
        var client = NewSystem("client", secret);
        var remote = await client.ActorSelection($"{target.Address}/user/echo").ResolveOne(TimeSpan.FromSeconds(10));
        Assert.Equal("echo:alive", await remote.Ask<string>("alive", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Random_bytes_close_the_connection_and_the_node_keeps_running()
    {
        var node = NewSystem("node");
        node.ActorOf(Props.Create<Echo>(), "echo");
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", node.Address.Port);
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        await socket.SendAsync(garbage, SocketFlags.None);
        Assert.True(await ClosedByPeer(socket));
        Assert.True(node.Remote!.Violations > 0);
        await AssertStillServes(node);
    }

    [Fact]
    public async Task An_oversize_frame_after_authentication_closes_the_connection()
    {
        var node = NewSystem("node", secret: "k", ("actornet:remote:maximum-frame-size", "64KiB"), ("actornet:remote:bulk-chunk-size", "32KiB"));
        node.ActorOf(Props.Create<Echo>(), "echo");
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", node.Address.Port);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var output = PipeWriter.Create(stream);
        var input = PipeReader.Create(stream);

        // Play a well-behaved peer through the handshake.
        const string me = "actornet.tcp://fake@127.0.0.1:1";
        var myNonce = Handshake.NewNonce();
        FrameIO.Write(output, FrameType.Hello, new Hello { ProtocolVersion = Handshake.ProtocolVersion, Address = me, Nonce = ByteString.CopyFrom(myNonce) }, default);
        await output.FlushAsync();
        var hello = await ReadFrame(input, Hello.Parser);
        FrameIO.Write(output, FrameType.Proof, new Proof { Mac = ByteString.CopyFrom(Handshake.Prove(Handshake.Key("k"), hello.Nonce.Span, me, hello.Address)) }, default);
        await output.FlushAsync();
        await ReadFrame(input, Proof.Parser);

        // Now announce a frame one byte over the limit.
        var prefix = new byte[5];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, 64 * 1024 + 1);
        prefix[4] = (byte)FrameType.User;
        await socket.SendAsync(prefix, SocketFlags.None);
        Assert.True(await ClosedByPeer(socket));
        TestKit.TestProbe.AwaitCondition(() => node.Remote!.Violations > 0, TimeSpan.FromSeconds(5));
        await AssertStillServes(node, secret: "k");
    }

    [Fact]
    public async Task A_frame_other_than_the_handshake_is_refused_before_authentication()
    {
        var node = NewSystem("node");
        node.ActorOf(Props.Create<Echo>(), "echo");
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", node.Address.Port);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var output = PipeWriter.Create(stream);
        FrameIO.Write(output, FrameType.User, new EnvelopeHeader { Recipient = $"{node.Address}/user/echo", SerializerId = 1, Manifest = "s" }, "x"u8);
        await output.FlushAsync();
        Assert.True(await ClosedByPeer(socket));
        await AssertStillServes(node);
    }

    private static async Task<T> ReadFrame<T>(PipeReader input, MessageParser<T> parser) where T : IMessage<T>
    {
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            if (FrameIO.TryRead(ref buffer, 1024, out _, out var body))
            {
                var message = FrameIO.ReadHeader(body, parser, out _);
                input.AdvanceTo(buffer.Start);
                return message;
            }
            Assert.False(result.IsCompleted, "the node closed the connection during the handshake");
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
