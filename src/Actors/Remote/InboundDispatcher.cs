using System.Buffers;
using ActorNet.Actors.Dispatch;
using ActorNet.Actors.Remote.Proto;
using ActorNet.Actors.Serialization;

namespace ActorNet.Actors.Remote;

/// <summary>
/// Turns the frames of one authenticated connection into local deliveries: user messages to their
/// recipients, death-watch messages to cells, bulk chunks into their reassembly buffers. A structurally
/// bad frame throws <see cref="ProtocolViolationException"/> (closing the connection); a payload that
/// fails to deserialize is logged and dropped.
/// </summary>
internal sealed class InboundDispatcher(RemoteTransport transport, Connection connection)
{
    /// <summary>
    /// A bulk payload being received: into one raw array (a bare primitive array), into the tails of a record
    /// (<paramref name="head"/> is the rest of it), or into a byte buffer deserialized at the end.
    /// </summary>
    private sealed class Reassembly(EnvelopeHeader header, long total, RawTail[]? targets, byte[]? head)
    {
        public EnvelopeHeader Header { get; } = header;
        public long Total { get; } = total;
        /// <summary>The memory the chunks fill, in order (whole arrays, or a reply's landing); null for a byte payload.</summary>
        public RawTail[]? Targets { get; } = targets;
        public byte[]? Head { get; } = head;
        public byte[]? Bytes { get; } = targets is null ? GC.AllocateUninitializedArray<byte>((int)total) : null; // all written before use
        public long Received { get; set; }
        // The target being filled and how far (targets only).
        public int Target { get; set; }
        public long ReceivedInTarget { get; set; }
        /// <summary>The ask's landing the only tail is received into (see <see cref="ReplyLanding"/>), or null.</summary>
        public ReplyLanding? Landing { get; init; }
        /// <summary>The local recipient, resolved when the transfer started (null when it is not here).</summary>
        public IInternalActorRef? Recipient { get; init; }
    }

    // Bulk transfers in progress on this connection.
    private readonly Dictionary<ulong, Reassembly> _transfers = [];
    // Bulk bytes being reassembled on this connection, bounded to stop a peer from exhausting memory.
    private long _bulkBytesInFlight;
    private const long MaxBulkBytesInFlight = 4L << 30;

    public void Dispatch(FrameType type, ReadOnlySequence<byte> body)
    {
        switch (type)
        {
            case FrameType.User:
            {
                var header = FrameIO.ReadHeader(body, EnvelopeHeader.Parser, out var payload);
                Deliver(header, payload);
                break;
            }
            case FrameType.System:
                HandleSystem(FrameIO.ReadHeader(body, SystemEnvelope.Parser, out _));
                break;
            case FrameType.BulkStart:
            {
                var start = FrameIO.ReadHeader(body, BulkStart.Parser, out var head);
                StartTransfer(start, head);
                break;
            }
            case FrameType.BulkChunk:
            {
                var chunk = FrameIO.ReadHeader(body, BulkChunk.Parser, out var bytes);
                AppendChunk(chunk, bytes);
                break;
            }
            default:
                throw new ProtocolViolationException($"unexpected frame type {(byte)type} after the handshake");
        }
    }

    private void Deliver(EnvelopeHeader header, ReadOnlySequence<byte> payload)
    {
        object message;
        try
        {
            var serializer = transport.System.Serialization.ById(header.SerializerId);
            message = payload.IsSingleSegment
                ? serializer.Deserialize(payload.FirstSpan, header.Manifest)
                : serializer.Deserialize(payload.ToArray(), header.Manifest);
        }
        catch (Exception error) when (error is FormatException or NotSupportedException or ArgumentException or InvalidCastException or System.Reflection.TargetInvocationException)
        {
            transport.Log.DeserializationFailed(header.Recipient, connection, error.Message);
            return;
        }
        Deliver(header, message);
    }

    private void Deliver(EnvelopeHeader header, object message) => Deliver(header, message, transport.ResolveLocal(header.Recipient));

    private void Deliver(EnvelopeHeader header, object message, IInternalActorRef? recipient)
    {
        var sender = header.Sender.Length == 0 ? ActorRefs.NoSender : transport.ResolveSender(header.Sender);
        if (recipient is not null)
        {
            recipient.Tell(message, sender);
        }
        else if (message is Identify identify)
        {
            sender.Tell(new ActorIdentity(identify.MessageId, null), ActorRefs.NoSender);
        }
        else
        {
            transport.System.DeadLetterRef.Publish(message, sender, transport.ResolveSender(header.Recipient));
        }
    }

    private void HandleSystem(SystemEnvelope envelope)
    {
        switch (envelope.KindCase)
        {
            case SystemEnvelope.KindOneofCase.Watch:
            {
                var watcher = transport.ResolveSender(envelope.Watch.Watcher);
                if (transport.ResolveLocal(envelope.Watch.Watchee) is IInternalActorRef watchee)
                    watchee.SendSystemMessage(new Watch(watchee, watcher));
                else
                    ((IInternalActorRef)watcher).SendSystemMessage(new DeathWatchNotification(transport.ResolveSender(envelope.Watch.Watchee), ExistenceConfirmed: false, AddressTerminated: false));
                break;
            }
            case SystemEnvelope.KindOneofCase.Unwatch:
                if (transport.ResolveLocal(envelope.Unwatch.Watchee) is IInternalActorRef unwatched)
                    unwatched.SendSystemMessage(new Unwatch(unwatched, transport.ResolveSender(envelope.Unwatch.Watcher)));
                break;
            case SystemEnvelope.KindOneofCase.DeathWatchNotification:
            {
                var notice = envelope.DeathWatchNotification;
                var actor = transport.ResolveSender(notice.Actor);
                if (transport.ResolveLocal(notice.Watcher) is IInternalActorRef watcher)
                {
                    transport.UnregisterWatch(actor, watcher);
                    watcher.SendSystemMessage(new DeathWatchNotification(actor, notice.ExistenceConfirmed, AddressTerminated: false));
                }
                break;
            }
            default:
                throw new ProtocolViolationException("empty system envelope");
        }
    }

    private void StartTransfer(BulkStart start, ReadOnlySequence<byte> head)
    {
        if (start.Header is null) throw new ProtocolViolationException("bulk start without an envelope header");
        if (_transfers.ContainsKey(start.TransferId)) throw new ProtocolViolationException($"bulk transfer {start.TransferId} started twice");
        if (start.TotalLength > (ulong)Array.MaxLength * 8 || _bulkBytesInFlight + (long)start.TotalLength > MaxBulkBytesInFlight)
            throw new ProtocolViolationException($"bulk transfer of {start.TotalLength} bytes exceeds what this node accepts in flight");
        long total = (long)start.TotalLength;
        RawTail[]? targets = null;
        byte[]? headBytes = null;
        ReplyLanding? landing = null;
        IInternalActorRef? recipient = null;
        if (start.Tails.Count > 0)
        {
            CheckTails(start);
            recipient = transport.ResolveLocal(start.Header.Recipient);
            if (start.Tails.Count == 1 && start.Tails[0].Manifest == "F" && recipient is PromiseActorRef { Landing: { } offered }
                && start.Tails[0].Length % sizeof(float) == 0 && offered.TryClaim((long)(start.Tails[0].Length / sizeof(float))))
            {
                landing = offered;
                targets = [new RawTail(offered.Segment.Array!, offered.Segment.Offset, offered.Segment.Count)];
            }
            else
            {
                targets = TailTargets(start);
            }
            headBytes = head.ToArray();
        }
        else if (!head.IsEmpty)
        {
            throw new ProtocolViolationException($"bulk transfer {start.TransferId} has {head.Length} bytes after its start header but no tails");
        }
        else if (start.Header.SerializerId == RawArraySerializer.Id)
        {
            try { targets = [RawTail.Whole(RawArraySerializer.Allocate(start.Header.Manifest, total))]; }
            catch (FormatException error) { throw new ProtocolViolationException($"bad bulk transfer: {error.Message}", error); }
        }
        else if (total > Array.MaxLength)
        {
            throw new ProtocolViolationException($"bulk payload of {total} bytes is too large for one buffer");
        }
        var reassembly = new Reassembly(start.Header, total, targets, headBytes) { Landing = landing, Recipient = recipient };
        _bulkBytesInFlight += total;
        if (total == 0) Complete(start.TransferId, reassembly);
        else _transfers[start.TransferId] = reassembly;
    }

    /// <summary>Checks the tails of a record: only the object serializer writes them, none is empty, and they add up to the transfer.</summary>
    private static void CheckTails(BulkStart start)
    {
        if (start.Header.SerializerId != ObjectSerializer.Id)
            throw new ProtocolViolationException($"bulk transfer {start.TransferId} has array tails but serializer {start.Header.SerializerId}, not the object serializer ({ObjectSerializer.Id})");
        ulong sum = 0;
        foreach (var tail in start.Tails)
        {
            if (tail.Length == 0) throw new ProtocolViolationException($"bulk transfer {start.TransferId} has an empty array tail");
            sum += tail.Length;
            if (sum > start.TotalLength) break;
        }
        if (sum != start.TotalLength)
            throw new ProtocolViolationException($"bulk transfer {start.TransferId}: its array tails add up to {(sum > start.TotalLength ? "more than" : sum.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes, its total length is {start.TotalLength}");
    }

    /// <summary>New arrays for the tails of a record; float tails come from the pool.</summary>
    private static RawTail[] TailTargets(BulkStart start)
    {
        var targets = new RawTail[start.Tails.Count];
        for (int i = 0; i < targets.Length; i++)
        {
            try { targets[i] = RawTail.Whole(RawArraySerializer.AllocateTail(start.Tails[i].Manifest, (long)start.Tails[i].Length)); }
            catch (FormatException error) { throw new ProtocolViolationException($"bad array tail {i} of bulk transfer {start.TransferId}: {error.Message}", error); }
        }
        return targets;
    }

    /// <summary>
    /// Where the <paramref name="length"/> bytes of <paramref name="chunk"/> go, as one block of memory the connection may
    /// read them into itself (then calling <see cref="DirectChunkReceived"/>); null when they do not lie in one block (a
    /// chunk running from one array tail into the next), so the chunk takes the usual way through <see cref="Dispatch"/>.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The chunk does not continue a transfer of this connection.</exception>
    public Memory<byte>? DirectTarget(BulkChunk chunk, long length)
    {
        var reassembly = Continued(chunk, length);
        if (reassembly.Targets is not { } targets) return reassembly.Bytes.AsMemory(checked((int)reassembly.Received), checked((int)length));
        var target = targets[reassembly.Target];
        long left = target.ByteLength - reassembly.ReceivedInTarget;
        if (length > left) return null;
        return target.WritableMemory().Slice(checked((int)reassembly.ReceivedInTarget), checked((int)length));
    }

    /// <summary>The connection has read a chunk into the memory <see cref="DirectTarget"/> gave it.</summary>
    public void DirectChunkReceived(BulkChunk chunk, long length)
    {
        var reassembly = _transfers[chunk.TransferId];
        Advance(reassembly, length);
        CompleteIfDone(chunk.TransferId, reassembly);
    }

    // Counts `bytes` more received (into the current target, moving on to the next once it is full).
    private static void Advance(Reassembly reassembly, long bytes)
    {
        reassembly.Received += bytes;
        if (reassembly.Targets is not { } targets) return;
        reassembly.ReceivedInTarget += bytes;
        if (reassembly.ReceivedInTarget == targets[reassembly.Target].ByteLength && reassembly.Target < targets.Length - 1)
        {
            reassembly.Target++;
            reassembly.ReceivedInTarget = 0;
        }
    }

    // The transfer a chunk of `length` bytes continues, checked.
    private Reassembly Continued(BulkChunk chunk, long length)
    {
        if (!_transfers.TryGetValue(chunk.TransferId, out var reassembly))
            throw new ProtocolViolationException($"chunk of unknown bulk transfer {chunk.TransferId}");
        if ((long)chunk.Offset != reassembly.Received || reassembly.Received + length > reassembly.Total)
            throw new ProtocolViolationException($"bulk chunk at offset {chunk.Offset} (+{length}) does not continue transfer {chunk.TransferId} at {reassembly.Received} of {reassembly.Total}");
        return reassembly;
    }

    private void AppendChunk(BulkChunk chunk, ReadOnlySequence<byte> bytes)
    {
        var reassembly = Continued(chunk, bytes.Length);
        if (reassembly.Targets is { } targets)
        {
            // A chunk may run on from one target into the next (the sender's never do, but the format allows it).
            while (!bytes.IsEmpty)
            {
                var target = targets[reassembly.Target].WritableSpan().Slice(checked((int)reassembly.ReceivedInTarget));
                int n = (int)Math.Min(target.Length, bytes.Length);
                bytes.Slice(0, n).CopyTo(target);
                bytes = bytes.Slice(n);
                Advance(reassembly, n);
            }
        }
        else
        {
            bytes.CopyTo(reassembly.Bytes.AsSpan(checked((int)reassembly.Received)));
            reassembly.Received += bytes.Length;
        }
        CompleteIfDone(chunk.TransferId, reassembly);
    }

    private void CompleteIfDone(ulong transferId, Reassembly reassembly)
    {
        if (reassembly.Received != reassembly.Total) return;
        _transfers.Remove(transferId);
        Complete(transferId, reassembly);
    }

    private void Complete(ulong transferId, Reassembly reassembly)
    {
        _bulkBytesInFlight -= reassembly.Total;
        if (reassembly.Head is { } head) DeliverWithTails(reassembly, head);
        else if (reassembly.Targets is { } raw) Deliver(reassembly.Header, raw[0].Array);
        else Deliver(reassembly.Header, new ReadOnlySequence<byte>(reassembly.Bytes!));
        transport.Log.BulkReceived(transferId, reassembly.Total);
    }

    private void DeliverWithTails(Reassembly reassembly, byte[] head)
    {
        object message;
        try
        {
            var objects = (ObjectSerializer)transport.System.Serialization.ById(ObjectSerializer.Id);
            message = objects.Deserialize(head, Array.ConvertAll(reassembly.Targets!, static t => t.Received()));
        }
        catch (Exception error) when (error is FormatException or NotSupportedException or ArgumentException or InvalidCastException or System.Reflection.TargetInvocationException)
        {
            transport.Log.DeserializationFailed(reassembly.Header.Recipient, connection, error.Message);
            return; // a claimed landing stays claimed: its asker must not trust the memory
        }
        reassembly.Landing?.MarkLanded();
        Deliver(reassembly.Header, message, reassembly.Recipient);
    }
}
