using System.Buffers;
using ActorNet.Actors.Dispatch;
using ActorNet.Actors.Remote.Proto;
using ActorNet.Actors.Serialization;
using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.Remote;

/// <summary>
/// Turns the frames of one authenticated connection into local deliveries: user messages to their
/// recipients, death-watch messages to cells, bulk chunks into their reassembly buffers. A structurally
/// bad frame throws <see cref="ProtocolViolationException"/> (closing the connection); a payload that
/// fails to deserialize is logged and dropped.
/// </summary>
internal sealed class InboundDispatcher(RemoteTransport transport, Connection connection)
{
    /// <summary>A bulk payload being received.</summary>
    private sealed class Reassembly(EnvelopeHeader header, long total, Array? rawTarget)
    {
        public EnvelopeHeader Header { get; } = header;
        public long Total { get; } = total;
        public Array? RawTarget { get; } = rawTarget;
        public byte[]? Bytes { get; } = rawTarget is null ? new byte[total] : null;
        public long Received { get; set; }
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
                StartTransfer(FrameIO.ReadHeader(body, BulkStart.Parser, out _));
                break;
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
            transport.Log.LogWarning("dropped a message for {Recipient} from {Connection}: {Error}", header.Recipient, connection, error.Message);
            return;
        }
        Deliver(header, message);
    }

    private void Deliver(EnvelopeHeader header, object message)
    {
        var sender = header.Sender.Length == 0 ? ActorRefs.NoSender : transport.ResolveSender(header.Sender);
        var recipient = transport.ResolveLocal(header.Recipient);
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

    private void StartTransfer(BulkStart start)
    {
        if (start.Header is null) throw new ProtocolViolationException("bulk start without an envelope header");
        if (_transfers.ContainsKey(start.TransferId)) throw new ProtocolViolationException($"bulk transfer {start.TransferId} started twice");
        if (start.TotalLength > (ulong)Array.MaxLength * 8 || _bulkBytesInFlight + (long)start.TotalLength > MaxBulkBytesInFlight)
            throw new ProtocolViolationException($"bulk transfer of {start.TotalLength} bytes exceeds what this node accepts in flight");
        long total = (long)start.TotalLength;
        Array? raw = null;
        if (start.Header.SerializerId == RawArraySerializer.Id)
        {
            try { raw = RawArraySerializer.Allocate(start.Header.Manifest, total); }
            catch (FormatException error) { throw new ProtocolViolationException($"bad bulk transfer: {error.Message}", error); }
        }
        else if (total > Array.MaxLength)
        {
            throw new ProtocolViolationException($"bulk payload of {total} bytes is too large for one buffer");
        }
        var reassembly = new Reassembly(start.Header, total, raw);
        _bulkBytesInFlight += total;
        if (total == 0) Complete(start.TransferId, reassembly);
        else _transfers[start.TransferId] = reassembly;
    }

    private void AppendChunk(BulkChunk chunk, ReadOnlySequence<byte> bytes)
    {
        if (!_transfers.TryGetValue(chunk.TransferId, out var reassembly))
            throw new ProtocolViolationException($"chunk of unknown bulk transfer {chunk.TransferId}");
        if ((long)chunk.Offset != reassembly.Received || reassembly.Received + bytes.Length > reassembly.Total)
            throw new ProtocolViolationException($"bulk chunk at offset {chunk.Offset} (+{bytes.Length}) does not continue transfer {chunk.TransferId} at {reassembly.Received} of {reassembly.Total}");
        var target = reassembly.RawTarget is { } raw ? RawArraySerializer.WritableBytes(raw) : reassembly.Bytes.AsSpan();
        bytes.CopyTo(target.Slice(checked((int)reassembly.Received)));
        reassembly.Received += bytes.Length;
        if (reassembly.Received == reassembly.Total)
        {
            _transfers.Remove(chunk.TransferId);
            Complete(chunk.TransferId, reassembly);
        }
    }

    private void Complete(ulong transferId, Reassembly reassembly)
    {
        _bulkBytesInFlight -= reassembly.Total;
        if (reassembly.RawTarget is { } raw) Deliver(reassembly.Header, raw);
        else Deliver(reassembly.Header, new ReadOnlySequence<byte>(reassembly.Bytes!));
        transport.Log.LogDebug("bulk transfer {Id} of {Bytes} bytes received", transferId, reassembly.Total);
    }
}
