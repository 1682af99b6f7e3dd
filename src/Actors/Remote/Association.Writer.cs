using System.Buffers;
using System.IO.Pipelines;
using ActorNet.Actors.Remote.Proto;
using ActorNet.Actors.Serialization;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

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
                    WriteOne(output, scratch, message, pendingBulk);
                    written++;
                }
                if (bulk is null)
                {
                    if (pendingBulk.TryDequeue(out var next)) bulk = next;
                    else if (_bulk.TryDequeue(out var queued)) bulk = StartBulk(queued);
                }
                if (bulk is not null)
                {
                    WriteChunk(output, bulk);
                    written++;
                    if (bulk.Done)
                    {
                        if (bulk.UsesSlot) _bulkSlots.Release();
                        bulk = null;
                    }
                }
                if (written > 0)
                {
                    var flushed = await output.FlushAsync(connection.Closed).ConfigureAwait(false);
                    if (flushed.IsCompleted || flushed.IsCanceled) return;
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

    private void WriteOne(PipeWriter output, ArrayBufferWriter<byte> scratch, OutboundMessage message, Queue<BulkTransfer> pendingBulk)
    {
        if (message.System is { } system)
        {
            FrameIO.Write(output, FrameType.System, system, default);
            return;
        }
        if (message.Message is not { } payload) return; // a bulk-lane wake-up
        var registry = _transport.System.Serialization;
        EnvelopeHeader header;
        scratch.ResetWrittenCount();
        try
        {
            var serializer = registry.FindFor(payload.GetType());
            serializer.Serialize(payload, scratch);
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
            Log.LogError(error, "cannot serialize {Type} for {Recipient}; dropped", payload.GetType().Name, message.Recipient);
            DeadLetter(message, "serialization failed");
            return;
        }
        if (scratch.WrittenCount > _transport.Settings.BulkChunkSize)
        {
            pendingBulk.Enqueue(new BulkTransfer(++_nextTransferId, header, scratch.WrittenMemory.ToArray(), usesSlot: false));
            return;
        }
        FrameIO.Write(output, FrameType.User, header, scratch.WrittenSpan);
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

    private void WriteChunk(PipeWriter output, BulkTransfer bulk)
    {
        if (!bulk.Started)
        {
            FrameIO.Write(output, FrameType.BulkStart, new BulkStart { TransferId = bulk.Id, Header = bulk.Header, TotalLength = (ulong)bulk.Payload.Length }, default);
            bulk.Started = true;
            if (bulk.Payload.Length == 0) return;
        }
        int size = (int)Math.Min(_transport.Settings.BulkChunkSize, bulk.Payload.Length - bulk.Offset);
        var chunk = bulk.Payload.Span.Slice((int)bulk.Offset, size);
        FrameIO.Write(output, FrameType.BulkChunk, new BulkChunk { TransferId = bulk.Id, Offset = (ulong)bulk.Offset }, chunk);
        bulk.Offset += size;
    }
}
