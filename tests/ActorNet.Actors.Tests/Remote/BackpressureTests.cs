using System.IO.Pipelines;
using System.Net.Sockets;
using ActorNet.Actors;
using ActorNet.Actors.Remote;
using ActorNet.Actors.Remote.Proto;
using Google.Protobuf;

namespace ActorNet.Actors.Tests.Remote;

public sealed class BackpressureTests : RemoteTestBase
{
    [Fact]
    public async Task A_peer_that_stops_reading_fills_the_bounded_queue_and_later_sends_become_dead_letters()
    {
        var node = NewSystem("node", "k", ("actornet:remote:outbound-queue-size", "8"), ("actornet:remote:handshake-timeout", "300ms"));
        var events = new TestKit.TestProbe(node);
        node.EventStream.Subscribe(events.Ref, typeof(DeadLetter));

        // A peer that authenticates, then never reads again.
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync("127.0.0.1", node.Address.Port);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var output = PipeWriter.Create(stream);
        var input = PipeReader.Create(stream);
        const string me = "actornet.tcp://stuck@127.0.0.1:1";
        FrameIO.Write(output, FrameType.Hello, new Hello { ProtocolVersion = Handshake.ProtocolVersion, Address = me, Nonce = ByteString.CopyFrom(Handshake.NewNonce()) }, default);
        await output.FlushAsync();
        Hello hello;
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            if (FrameIO.TryRead(ref buffer, 1024, out _, out var body))
            {
                hello = FrameIO.ReadHeader(body, Hello.Parser, out _);
                input.AdvanceTo(buffer.Start);
                break;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
        FrameIO.Write(output, FrameType.Proof, new Proof { Mac = ByteString.CopyFrom(Handshake.Prove(Handshake.Key("k"), hello.Nonce.Span, me, hello.Address)) }, default);
        await output.FlushAsync();

        // The node sends to the stuck peer over that connection until socket buffers and the queue are full.
        var target = node.ResolvePathForTest(me + "/user/sink");
        var payload = new string('x', 32 * 1024);
        DeadLetter? dropped = null;
        for (int i = 0; i < 5000 && dropped is null; i++)
        {
            target.Tell($"{i}:{payload}");
            if (i % 16 == 0 && node.DeadLetterCount > 0) dropped = events.ExpectMsg<DeadLetter>();
        }
        Assert.NotNull(dropped);
        Assert.Equal(target, dropped.Recipient);
        Assert.EndsWith(payload, (string)dropped.Message);
    }
}
