using System.Buffers;
using System.Runtime.InteropServices;
using ActorNet.Actors;
using ActorNet.Actors.Remote;
using ActorNet.Actors.Remote.Proto;
using ActorNet.Actors.Serialization;
using ActorNet.Actors.Sharding;

namespace ActorNet.Actors.Tests.Remote;

// An ask's reply landing (ReplyLanding), with a fake peer sending the replies frame by frame.
public sealed partial class HostileInputTests
{
    [Fact]
    public async Task A_reply_lands_in_the_asks_landing_and_one_still_arriving_at_the_timeout_keeps_it_claimed()
    {
        var node = NewSystem("node");
        var asked = new TestKit.TestProbe(node);
        var (socket, output, _) = await AuthenticatedPeer(node, "s3cret");
        using (socket)
        {
            const int floats = 30_000;
            var values = Enumerable.Range(0, floats).Select(i => i * 0.25f).ToArray();

            // 1. The reply's float tail is read into the landing: the reply holds the destination's memory, nothing else changed.
            var destination = new float[floats + 2_000];
            var landing = new ReplyLanding(new ArraySegment<float>(destination, 1_000, floats));
            var ask = asked.Ref.Ask<SliceValue>("pull", TimeSpan.FromSeconds(10), landing, CancellationToken.None);
            asked.ExpectMsg<string>();
            var (start, head, bytes) = SliceReply(node, asked.LastSender, values, id: 1);
            await SendTransfer(output, start, head, bytes, chunk: 50_000);
            var reply = await ask;
            Assert.Same(destination, reply.Value.Array);
            Assert.Equal((1_000, floats), (reply.Value.Offset, reply.Value.Count));
            Assert.Equal(values, destination.AsSpan(1_000, floats).ToArray());
            Assert.All(destination.Take(1_000).Concat(destination.Skip(1_000 + floats)), v => Assert.Equal(0f, v));
            Assert.True(landing.HasLanded);
            Assert.True(landing.TryClose());

            // 2. A landing of another length is not used: the reply gets its own array and the destination is untouched.
            var other = new float[floats + 1];
            var wrongSize = new ReplyLanding(new ArraySegment<float>(other));
            ask = asked.Ref.Ask<SliceValue>("pull", TimeSpan.FromSeconds(10), wrongSize, CancellationToken.None);
            asked.ExpectMsg<string>();
            (start, head, bytes) = SliceReply(node, asked.LastSender, values, id: 2);
            await SendTransfer(output, start, head, bytes, chunk: 50_000);
            reply = await ask;
            Assert.NotSame(other, reply.Value.Array);
            Assert.Equal(values, reply.Value.ToArray());
            Assert.All(other, v => Assert.Equal(0f, v));
            Assert.True(wrongSize.TryClose());

            // 3. The ask times out while its reply is arriving: the landing cannot be closed, and the rest of the reply is still
            // written into it afterwards (why the store never asks again into the same memory after such a failure).
            var late = new float[floats];
            var claimed = new ReplyLanding(new ArraySegment<float>(late));
            ask = asked.Ref.Ask<SliceValue>("pull", TimeSpan.FromSeconds(1), claimed, CancellationToken.None);
            asked.ExpectMsg<string>();
            (start, head, bytes) = SliceReply(node, asked.LastSender, values, id: 3);
            FrameIO.Write(output, FrameType.BulkStart, start, head);
            FrameIO.Write(output, FrameType.BulkChunk, new BulkChunk { TransferId = 3, Offset = 0 }, bytes.AsSpan(0, 40_000));
            await output.FlushAsync();
            await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
            Assert.False(claimed.TryClose());
            FrameIO.Write(output, FrameType.BulkChunk, new BulkChunk { TransferId = 3, Offset = 40_000 }, bytes.AsSpan(40_000));
            await output.FlushAsync();
            TestKit.TestProbe.AwaitCondition(() => late[floats - 1] == values[floats - 1], TimeSpan.FromSeconds(5));
            TestKit.TestProbe.AwaitCondition(() => claimed.HasLanded, TimeSpan.FromSeconds(5)); // whole at last: closable now
            Assert.True(claimed.TryClose());
        }
        Assert.Equal(0, node.Remote!.Violations);
    }

    /// <summary>A <see cref="SliceValue"/> for <paramref name="promise"/> (an ask's temporary actor on <paramref name="node"/>) as a peer sends it: one float tail.</summary>
    private static (BulkStart Start, byte[] Head, byte[] Tails) SliceReply(ActorSystem node, IActorRef promise, float[] values, ulong id)
    {
        var objects = (ObjectSerializer)node.Serialization.ById(ObjectSerializer.Id);
        var head = new ArrayBufferWriter<byte>();
        var tails = new List<RawTail>();
        objects.SerializeWithTails(new SliceValue("k", 0, values.Length, new ArraySegment<float>(values)), head, tails, minTailBytes: 16 * 1024);
        Assert.Single(tails);
        byte[] bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        var start = new BulkStart
        {
            TransferId = id,
            Header = new EnvelopeHeader { Recipient = $"{node.Address}/{string.Join('/', promise.Path.Elements)}", SerializerId = ObjectSerializer.Id, Manifest = "" },
            TotalLength = (ulong)bytes.Length,
            Tails = { new ArrayTail { Manifest = "F", Length = (ulong)bytes.Length } },
        };
        return (start, head.WrittenSpan.ToArray(), bytes);
    }
}
