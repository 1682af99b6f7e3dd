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

        using var socket = await ConnectStuckPeerAsync(node, "k");

        // The node sends to the stuck peer over that connection until socket buffers and the queue are full.
        var target = node.ResolvePathForTest(StuckPeer + "/user/sink");
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

    private const string StuckPeer = "actornet.tcp://stuck@127.0.0.1:1";

    /// <summary>A peer that connects to <paramref name="node"/>, authenticates as <see cref="StuckPeer"/>, then never reads again (a stopped process).</summary>
    private static async Task<Socket> ConnectStuckPeerAsync(ActorSystem node, string secret)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync("127.0.0.1", node.Address.Port);
        var stream = new NetworkStream(socket, ownsSocket: false);
        var output = PipeWriter.Create(stream);
        var input = PipeReader.Create(stream);
        const string me = StuckPeer;
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
        FrameIO.Write(output, FrameType.Proof, new Proof { Mac = ByteString.CopyFrom(Handshake.Prove(Handshake.Key(secret), hello.Nonce.Span, me, hello.Address)) }, default);
        await output.FlushAsync();
        return socket;
    }

    [Fact]
    public async Task An_actor_sending_to_a_stuck_peer_never_waits_a_full_queue_drops_its_messages_at_once()
    {
        // A plain thread would wait up to the handshake timeout for room; far longer than this test may run.
        var node = NewSystem("node", "k", ("actornet:remote:outbound-queue-size", "8"), ("actornet:remote:handshake-timeout", "10m"));
        var events = new TestKit.TestProbe(node) { DefaultTimeout = TimeSpan.FromSeconds(60) };
        node.EventStream.Subscribe(events.Ref, typeof(DeadLetter));
        using var socket = await ConnectStuckPeerAsync(node, "k");
        var target = node.ResolvePathForTest(StuckPeer + "/user/sink");
        var probe = new TestKit.TestProbe(node) { DefaultTimeout = TimeSpan.FromSeconds(60) };

        // 64 MB for a peer that reads nothing: the socket buffers and the queue fill long before the actor is done.
        var flooder = node.ActorOf(Props.Create(() => new Flooder(target, probe.Ref, 2000, 32 * 1024)));
        flooder.Tell("go");
        Assert.Equal(2000, probe.ExpectMsg<int>()); // the actor got through every send
        var dropped = events.ExpectMsg<DeadLetter>();
        Assert.Equal(target, dropped.Recipient);
        Assert.True(node.DeadLetterCount > 1000, $"only {node.DeadLetterCount} dead letters");
    }

    /// <summary>Sends <c>count</c> strings of <c>size</c> characters to <c>target</c> in one handler, then tells <c>done</c> how many.</summary>
    private sealed class Flooder : ReceiveActor
    {
        public Flooder(IActorRef target, IActorRef done, int count, int size) => Receive<string>(_ =>
        {
            var payload = new string('x', size);
            for (int i = 0; i < count; i++) target.Tell($"{i}:{payload}");
            done.Tell(count);
        });
    }
}
