using System.Buffers;
using System.IO.Pipelines;
using ActorNet.Actors.Remote.Proto;
using ActorNet.Actors.Serialization;
using Google.Protobuf;

namespace ActorNet.Actors.Remote;

internal sealed partial class Association
{
    // Identifies bulk transfers on this association.
    private ulong _nextTransferId;

    /// <summary>
    /// Sends queued messages until the connection closes or the queue is completed. Small messages go
    /// first, up to a batch, then one chunk of the current bulk transfer, so a 250 MB payload delays a
    /// small message by at most one chunk.
    /// </summary>
    private async Task WriteLoopAsync(Connection connection)
    {
        var output = connection.Output;
        var scratch = new ArrayBufferWriter<byte>(4096);
        var tails = new List<RawTail>();
        var reader = _small.Reader;
        var pendingBulk = new Queue<BulkTransfer>();
        BulkTransfer? bulk = null;
        try
        {
            while (!connection.IsClosed)
            {
                int written = 0;
                while (written < 256 && reader.TryRead(out var message))
                {
                    WriteOne(output, scratch, tails, message, pendingBulk);
                    written++;
                }
                if (bulk is null)
                {
                    if (pendingBulk.TryDequeue(out var next)) bulk = next;
                    else if (_bulk.TryDequeue(out var queued)) bulk = StartBulk(queued);
                }
                var direct = ReadOnlyMemory<byte>.Empty;
                if (bulk is not null)
                {
                    direct = WriteChunk(output, bulk);
                    written++;
                }
                if (written > 0)
                {
                    var flushed = await output.FlushAsync(connection.Closed).ConfigureAwait(false);
                    if (flushed.IsCompleted || flushed.IsCanceled) return;
                    if (!direct.IsEmpty) await connection.WriteDirectAsync(direct, connection.Closed).ConfigureAwait(false);
                    // Only now is the chunk out of the array: the sender may reuse it once the transfer is done.
                    if (bulk is { Done: true })
                    {
                        if (bulk.UsesSlot) _bulkSlots.Release();
                        bulk.Lent?.Release();
                        bulk = null;
                    }
                    continue;
                }
                if (!await reader.WaitToReadAsync(connection.Closed).ConfigureAwait(false) && _bulk.IsEmpty && pendingBulk.Count == 0)
                    return; // completed by shutdown and fully drained
            }
        }
        finally
        {
            // A transfer cut off by a lost connection is dropped (at-most-once delivery); free its slot.
            if (bulk is { UsesSlot: true }) _bulkSlots.Release();
        }
    }

    private void WriteOne(PipeWriter output, ArrayBufferWriter<byte> scratch, List<RawTail> tails, OutboundMessage message, Queue<BulkTransfer> pendingBulk)
    {
        if (message.System is { } system)
        {
            FrameIO.Write(output, FrameType.System, system, default);
            return;
        }
        if (message.Message is not { } payload) return; // a bulk-lane wake-up
        var registry = _transport.System.Serialization;
        int chunkSize = _transport.Settings.BulkChunkSize;
        EnvelopeHeader header;
        scratch.ResetWrittenCount();
        tails.Clear();
        try
        {
            var serializer = registry.FindFor(payload.GetType());
            if (serializer is ObjectSerializer objects)
            {
                // Primitive arrays of a chunk or more inside a record go as raw tails, straight from the arrays (a record
                // holding one is a bulk transfer anyway, so smaller records are serialized once, as before); when the
                // record's other fields do not fit one frame, it is written whole after all.
                objects.SerializeWithTails(payload, scratch, tails, minTailBytes: chunkSize);
                if (tails.Count > 0 && scratch.WrittenCount > chunkSize)
                {
                    tails.Clear();
                    scratch.ResetWrittenCount();
                    objects.Serialize(payload, scratch);
                }
            }
            else
            {
                serializer.Serialize(payload, scratch);
            }
            header = new EnvelopeHeader
            {
                Recipient = message.Recipient,
                Sender = SenderPath(message.Sender),
                SerializerId = serializer.Identifier,
                Manifest = serializer.Manifest(payload),
            };
        }
        catch (Exception error)
        {
            Log.SerializationFailed(error, payload.GetType().Name, message.Recipient);
            DeadLetter(message, "serialization failed");
            return;
        }
        if (tails.Count > 0)
        {
            var segments = new ReadOnlyMemory<byte>[tails.Count];
            var layout = new ArrayTail[tails.Count];
            for (int i = 0; i < tails.Count; i++)
            {
                segments[i] = tails[i].Bytes;
                layout[i] = new ArrayTail { Manifest = tails[i].Manifest, Length = (ulong)segments[i].Length };
            }
            // Sent from the arrays: lent arrays are released once the last chunk is out.
            pendingBulk.Enqueue(new BulkTransfer(++_nextTransferId, header, segments, scratch.WrittenMemory.ToArray(), layout, usesSlot: false)
                { Lent = payload as ILentArrays });
            return;
        }
        if (scratch.WrittenCount > chunkSize)
            pendingBulk.Enqueue(new BulkTransfer(++_nextTransferId, header, scratch.WrittenMemory.ToArray(), usesSlot: false));
        else
            FrameIO.Write(output, FrameType.User, header, scratch.WrittenSpan);
        (payload as ILentArrays)?.Release(); // its bytes are copied
    }

    private static string SenderPath(IActorRef? sender) =>
        sender is null || ReferenceEquals(sender, ActorRefs.NoSender) ? "" : sender.Path.ToString();

    private BulkTransfer StartBulk(OutboundMessage message)
    {
        var payload = message.Message!;
        var serializer = _transport.System.Serialization.FindFor(payload.GetType());
        var header = new EnvelopeHeader
        {
            Recipient = message.Recipient,
            Sender = SenderPath(message.Sender),
            SerializerId = serializer.Identifier,
            Manifest = serializer.Manifest(payload),
        };
        return new BulkTransfer(++_nextTransferId, header, ArrayMemory.Of(payload), usesSlot: true);
    }

    /// <summary>
    /// Writes the next chunk of <paramref name="bulk"/> (after its BulkStart frame, the first time). A chunk of
    /// <see cref="MinDirectChunk"/> bytes or more is only framed here: its bytes are returned, for the caller to write
    /// straight from the array to the socket once the pipe is flushed (one copy fewer); smaller ones go through the pipe
    /// and the result is empty.
    /// </summary>
    private ReadOnlyMemory<byte> WriteChunk(PipeWriter output, BulkTransfer bulk)
    {
        if (!bulk.Started)
        {
            var start = new BulkStart { TransferId = bulk.Id, Header = bulk.Header, TotalLength = (ulong)bulk.Length };
            start.Tails.Add(bulk.Tails);
            FrameIO.Write(output, FrameType.BulkStart, start, bulk.Head.Span);
            bulk.Started = true;
            if (bulk.Length == 0) return ReadOnlyMemory<byte>.Empty;
        }
        long offset = bulk.Offset;
        var chunk = bulk.NextChunk(_transport.Settings.BulkChunkSize);
        var header = new BulkChunk { TransferId = bulk.Id, Offset = (ulong)offset };
        if (chunk.Length < MinDirectChunk)
        {
            FrameIO.Write(output, FrameType.BulkChunk, header, chunk.Span);
            return ReadOnlyMemory<byte>.Empty;
        }
        FrameIO.WriteHead(output, FrameType.BulkChunk, header, chunk.Length);
        return chunk;
    }

    // Below this a chunk is cheaper to copy into the pipe than to send with a write of its own.
    private const int MinDirectChunk = 16 * 1024;
}
