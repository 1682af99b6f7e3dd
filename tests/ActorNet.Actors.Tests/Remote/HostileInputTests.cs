using System.Buffers.Binary;
using System.Net.Sockets;
using System.IO.Pipelines;
using ActorNet.Actors;
using ActorNet.Actors.Remote;
using ActorNet.Actors.Remote.Proto;
using Google.Protobuf;

namespace ActorNet.Actors.Tests.Remote;

public sealed partial class HostileInputTests : RemoteTestBase
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

    /// <summary>Connects to <paramref name="node"/> as a fake peer that completes the handshake; the pipes write and read frames.</summary>
    private static async Task<(Socket Socket, PipeWriter Output, PipeReader Input)> AuthenticatedPeer(ActorSystem node, string secret)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", node.Address.Port);
        var stream = new NetworkStream(socket, ownsSocket: false);
        var output = PipeWriter.Create(stream);
        var input = PipeReader.Create(stream);
        const string me = "actornet.tcp://fake@127.0.0.1:1";
        FrameIO.Write(output, FrameType.Hello, new Hello { ProtocolVersion = Handshake.ProtocolVersion, Address = me, Nonce = ByteString.CopyFrom(Handshake.NewNonce()) }, default);
        await output.FlushAsync();
        var hello = await ReadFrame(input, Hello.Parser);
        FrameIO.Write(output, FrameType.Proof, new Proof { Mac = ByteString.CopyFrom(Handshake.Prove(Handshake.Key(secret), hello.Nonce.Span, me, hello.Address)) }, default);
        await output.FlushAsync();
        await ReadFrame(input, Proof.Parser);
        return (socket, output, input);
    }

    /// <summary>A record with two array tails (floats, doubles) for the echo actor, as the frames a peer sends: the BulkStart and the tails' bytes.</summary>
    private static (BulkStart Start, byte[] Head, byte[] Tails) TailedTransfer(ActorSystem node, ActorSystem client, IActorRef replyTo, ulong id)
    {
        var value = new Tailed("fake", Enumerable.Range(0, 30_000).Select(i => (float)i).ToArray(), Enumerable.Range(0, 5_000).Select(i => i * 0.5).ToArray(), replyTo);
        var objects = (ActorNet.Actors.Serialization.ObjectSerializer)client.Serialization.ById(3);
        var head = new System.Buffers.ArrayBufferWriter<byte>();
        var tails = new List<ActorNet.Actors.Serialization.RawTail>();
        objects.SerializeWithTails(value, head, tails, minTailBytes: 16 * 1024);
        Assert.Equal(2, tails.Count);
        byte[] bytes = [.. System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.Values.AsSpan()), .. System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.Extra.AsSpan())];
        var start = new BulkStart
        {
            TransferId = id,
            Header = new EnvelopeHeader { Recipient = $"{node.Address}/user/echo", SerializerId = 3, Manifest = "" },
            TotalLength = (ulong)bytes.Length,
            Tails = { new ArrayTail { Manifest = "F", Length = 120_000 }, new ArrayTail { Manifest = "D", Length = 40_000 } },
        };
        return (start, head.WrittenSpan.ToArray(), bytes);
    }

    private static async Task SendTransfer(PipeWriter output, BulkStart start, byte[] head, byte[] tails, int chunk)
    {
        FrameIO.Write(output, FrameType.BulkStart, start, head);
        // With 50,000-byte chunks the third runs from the float tail on into the double tail.
        for (int offset = 0; offset < tails.Length; offset += chunk)
            FrameIO.Write(output, FrameType.BulkChunk, new BulkChunk { TransferId = start.TransferId, Offset = (ulong)offset }, tails.AsSpan(offset, Math.Min(chunk, tails.Length - offset)));
        await output.FlushAsync();
    }

    [Fact]
    public async Task A_record_with_array_tails_is_delivered_and_malformed_tail_layouts_close_only_that_connection()
    {
        var node = NewSystem("node");
        node.ActorOf(Props.Create<Echo>(), "echo");
        var client = NewSystem("client");
        var probe = new TestKit.TestProbe(client);

        // Well formed, with a chunk spanning the two tails; a head that does not deserialize is dropped, not fatal.
        var (socket, output, _) = await AuthenticatedPeer(node, "s3cret");
        using (socket)
        {
            var (start, head, bytes) = TailedTransfer(node, client, probe.Ref, id: 1);
            await SendTransfer(output, start, head, bytes, chunk: 50_000);
            var back = probe.ExpectMsg<Tailed>(TimeSpan.FromSeconds(10));
            Assert.Equal(Enumerable.Range(0, 30_000).Select(i => 2f * i), back.Values);
            Assert.Equal(Enumerable.Range(0, 5_000).Select(i => i * 0.5), back.Extra);

            start.TransferId = 2; // a byte after the value: logged and dropped
            await SendTransfer(output, start, [.. head, 0], bytes, chunk: 50_000);
            start.TransferId = 3;
            await SendTransfer(output, start, head, bytes, chunk: 64_000);
            Assert.Equal("echo:fake", probe.ExpectMsg<Tailed>(TimeSpan.FromSeconds(10)).Name);
        }
        Assert.Equal(0, node.Remote!.Violations);

        var malformed = new (string What, Action<BulkStart> Spoil, bool HeadOnly)[]
        {
            ("tails that do not add up to the total", s => s.TotalLength += 4, false),
            ("tails under another serializer", s => s.Header.SerializerId = 2, false),
            ("an unknown element type", s => s.Tails[0].Manifest = "Q", false),
            ("a tail that is not whole elements", s => { s.Tails[1].Length -= 4; s.TotalLength -= 4; }, false),
            ("an empty tail", s => { s.Tails.Add(new ArrayTail { Manifest = "F", Length = 0 }); }, false),
            ("a head without tails", s => { s.Tails.Clear(); }, true),
        };
        long violations = 0;
        foreach (var (what, spoil, headOnly) in malformed)
        {
            var (bad, badOutput, _) = await AuthenticatedPeer(node, "s3cret");
            using (bad)
            {
                var (start, head, bytes) = TailedTransfer(node, client, probe.Ref, id: 1);
                spoil(start);
                try
                {
                    if (headOnly) { FrameIO.Write(badOutput, FrameType.BulkStart, start, head); await badOutput.FlushAsync(); }
                    else await SendTransfer(badOutput, start, head, bytes, chunk: 50_000);
                }
                catch (IOException)
                {
                    // The node closed the connection at the BulkStart, before the chunks were all written: what is expected.
                }
                Assert.True(await ClosedByPeer(bad), what);
            }
            TestKit.TestProbe.AwaitCondition(() => node.Remote!.Violations > violations, TimeSpan.FromSeconds(5));
            violations = node.Remote!.Violations;
        }
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        await AssertStillServes(node);
    }

    [Fact]
    public async Task Chunks_arriving_piece_by_piece_fill_their_arrays_and_a_chunk_of_no_transfer_closes_at_its_header()
    {
        var node = NewSystem("node");
        node.ActorOf(Props.Create<Echo>(), "echo");
        var client = NewSystem("client");
        var probe = new TestKit.TestProbe(client);

        // Each chunk's header comes first and its bytes later, in pieces: the node reads them from the socket straight
        // into the tails (the third chunk runs from one tail into the next, and takes the pipe's way instead).
        var (socket, output, _) = await AuthenticatedPeer(node, "s3cret");
        using (socket)
        {
            var (start, head, bytes) = TailedTransfer(node, client, probe.Ref, id: 1);
            FrameIO.Write(output, FrameType.BulkStart, start, head);
            await output.FlushAsync();
            const int chunk = 50_000;
            for (int offset = 0; offset < bytes.Length; offset += chunk)
            {
                int size = Math.Min(chunk, bytes.Length - offset);
                FrameIO.WriteHead(output, FrameType.BulkChunk, new BulkChunk { TransferId = 1, Offset = (ulong)offset }, size);
                await output.FlushAsync();
                await Task.Delay(20);
                for (int piece = 0; piece < size; piece += 20_000)
                {
                    FrameIO.WriteRaw(output, bytes.AsSpan(offset + piece, Math.Min(20_000, size - piece)));
                    await output.FlushAsync();
                    await Task.Delay(5);
                }
            }
            var back = probe.ExpectMsg<Tailed>(TimeSpan.FromSeconds(10));
            Assert.Equal(Enumerable.Range(0, 30_000).Select(i => 2f * i), back.Values);
            Assert.Equal(Enumerable.Range(0, 5_000).Select(i => i * 0.5), back.Extra);
        }
        Assert.Equal(0, node.Remote!.Violations);

        // A chunk header naming no transfer: refused as soon as the header is in, not after its bytes.
        var (bad, badOutput, _) = await AuthenticatedPeer(node, "s3cret");
        using (bad)
        {
            FrameIO.WriteHead(badOutput, FrameType.BulkChunk, new BulkChunk { TransferId = 99, Offset = 0 }, 60_000);
            await badOutput.FlushAsync();
            Assert.True(await ClosedByPeer(bad));
        }
        TestKit.TestProbe.AwaitCondition(() => node.Remote!.Violations == 1, TimeSpan.FromSeconds(5));
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
