using System.Threading.Channels;

namespace ActorNet.DataPlane.Wire;

/// <summary>
/// The one task writing to a connection. Transfers are interleaved chunk by chunk, round-robin: each round writes the
/// start frame or next chunk of every transfer in progress, so a small request waits for at most one chunk of each large
/// one, not for a 244 MB body. Start frames, chunk prefixes and small chunks are gathered in a buffer; a large chunk goes
/// from its array to the socket with a write of its own (no copy).
/// </summary>
internal sealed class ConnectionWriter
{
    // Below this a chunk is cheaper to copy into the buffer than to send with a write of its own.
    private const int MinDirectChunk = 16 * 1024;
    private const int BufferSize = 64 * 1024;

    /// <summary>Cancel a queued or running transfer; <paramref name="AbortIfNotStarted"/>: send an Abort even if its start never went out.</summary>
    private sealed record Cancel(OutgoingTransfer Transfer, bool AbortIfNotStarted);

    // New transfers, cancellations and lone frames (byte[]) for the writer's task.
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    // The stream after the handshake.
    private readonly Stream _stream;
    // The largest body chunk written.
    private readonly int _chunkSize;
    // Frames gathered for the next write.
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _buffered;
    // Transfers in progress, in round-robin order (writer's task only).
    private readonly List<OutgoingTransfer> _active = [];

    public ConnectionWriter(Stream stream, int chunkSize)
    {
        _stream = stream;
        _chunkSize = chunkSize;
    }

    /// <summary>Queues a transfer; false when the connection has closed (the transfer will never be written, nor ended).</summary>
    public bool TryEnqueue(OutgoingTransfer transfer) => _queue.Writer.TryWrite(transfer);

    /// <summary>Queues a frame written whole between transfers' chunks; false when the connection has closed.</summary>
    public bool TryEnqueueFrame(byte[] frame) => _queue.Writer.TryWrite(frame);

    /// <summary>Stops <paramref name="transfer"/>: an Abort frame replaces what is left of it, or follows it if it was written whole.</summary>
    public void CancelTransfer(OutgoingTransfer transfer, bool abortIfNotStarted) => _queue.Writer.TryWrite(new Cancel(transfer, abortIfNotStarted));

    /// <summary>Writes until the connection's token fires or a write fails; then ends every transfer not written as dropped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        try
        {
            while (true)
            {
                while (reader.TryRead(out var item)) await TakeAsync(item, cancellationToken).ConfigureAwait(false);
                if (_active.Count == 0 && _buffered == 0)
                {
                    if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) return;
                    continue;
                }
                for (int i = 0; i < _active.Count; i++)
                {
                    var transfer = _active[i];
                    await WriteNextAsync(transfer, cancellationToken).ConfigureAwait(false);
                    if (transfer.BodyDone)
                    {
                        transfer.End(TransferEnd.Written);
                        _active.RemoveAt(i--);
                    }
                }
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
            foreach (var transfer in _active) transfer.End(TransferEnd.Dropped);
            _active.Clear();
            while (reader.TryRead(out var item))
                if (item is OutgoingTransfer queued) queued.End(TransferEnd.Dropped);
        }
    }

    /// <summary>No more transfers are taken; the writer ends once its token fires.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async ValueTask TakeAsync(object item, CancellationToken cancellationToken)
    {
        switch (item)
        {
            case OutgoingTransfer transfer:
                _active.Add(transfer);
                break;
            case byte[] frame:
                await AppendAsync(frame, cancellationToken).ConfigureAwait(false);
                break;
            case Cancel cancel:
            {
                var transfer = cancel.Transfer;
                if (transfer.HasEnded)
                {
                    // Written whole already: tell the peer to forget it (a cancelled or dropped one needs nothing more).
                    if (transfer.EndedAs == TransferEnd.Written) await AppendAsync(Frames.Abort(transfer.Id), cancellationToken).ConfigureAwait(false);
                    break;
                }
                _active.Remove(transfer);
                if (transfer.StartWritten || cancel.AbortIfNotStarted) await AppendAsync(Frames.Abort(transfer.Id), cancellationToken).ConfigureAwait(false);
                transfer.End(transfer.StartWritten ? TransferEnd.Cancelled : TransferEnd.CancelledBeforeStart);
                break;
            }
        }
    }

    private async ValueTask WriteNextAsync(OutgoingTransfer transfer, CancellationToken cancellationToken)
    {
        if (!transfer.StartWritten)
        {
            await AppendAsync(transfer.Start, cancellationToken).ConfigureAwait(false);
            transfer.StartWritten = true;
        }
        if (transfer.Sent == transfer.Body.Length) return;
        int size = (int)Math.Min(_chunkSize, transfer.Body.Length - transfer.Sent);
        var chunk = transfer.Body.Slice((int)transfer.Sent, size);
        if (_buffer.Length - _buffered < Frames.PrefixSize + (size < MinDirectChunk ? size : 0)) await FlushAsync(cancellationToken).ConfigureAwait(false);
        Frames.ChunkPrefix(_buffer.AsSpan(_buffered), transfer.Id, size);
        _buffered += Frames.PrefixSize;
        if (size < MinDirectChunk)
        {
            chunk.Span.CopyTo(_buffer.AsSpan(_buffered));
            _buffered += size;
        }
        else
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            await _stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        transfer.Sent += size;
    }

    // A start or abort frame into the buffer (a start frame longer than the buffer is written on its own).
    private async ValueTask AppendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        if (_buffer.Length - _buffered < frame.Length) await FlushAsync(cancellationToken).ConfigureAwait(false);
        if (frame.Length > _buffer.Length)
        {
            await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            return;
        }
        frame.CopyTo(_buffer, _buffered);
        _buffered += frame.Length;
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffered == 0) return;
        await _stream.WriteAsync(_buffer.AsMemory(0, _buffered), cancellationToken).ConfigureAwait(false);
        _buffered = 0;
    }
}
