namespace ActorNet.DataPlane.Wire;

/// <summary>
/// Reads the frames of an authenticated connection from its stream into a bounded buffer of its own. Start and abort
/// frames are read many at a time. A chunk is read past the buffer: once its prefix is in, the rest of its bytes go from
/// the socket straight into the memory the sink gives (the array the body fills), and the read after it asks only for a
/// little more than a prefix, so the next chunk's bytes do not land in the buffer first either. Every length is checked
/// against the limits before anything is allocated or read for it, and the buffer never grows: a lying length closes
/// the connection instead.
/// </summary>
internal sealed class FrameReader
{
    // What one read asks for while small frames flow.
    private const int ReadSize = 64 * 1024;
    // What the read after a direct chunk asks for: the next prefix and a little more.
    private const int AfterChunkReadSize = 256;
    // Below this many bytes still to come, a chunk is read through the buffer (a read of its own would cost more than the copy).
    private const int MinDirectRead = 8 * 1024;

    // The stream after the handshake.
    private readonly Stream _stream;
    // The largest chunk payload and start frame accepted.
    private readonly int _maxChunk;
    private readonly int _maxStartFrame;
    // Bytes read and not yet consumed: _buffer[_start.._end].
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    // True right after a chunk was read straight into its target.
    private bool _afterChunk;

    public FrameReader(Stream stream, int maxChunk, int maxHeaderBytes)
    {
        _stream = stream;
        _maxChunk = maxChunk;
        _maxStartFrame = Frames.MaxStartFrame(maxHeaderBytes);
        // Holds the longest start frame, or a chunk prefix and what may still be read through the buffer, plus one read.
        _buffer = new byte[Math.Max(_maxStartFrame, Frames.PrefixSize + MinDirectRead) + ReadSize];
    }

    private int Buffered => _end - _start;

    /// <summary>Reads and hands over frames until the stream ends between two frames (returns) or fails (throws).</summary>
    /// <exception cref="ProtocolViolationException">A frame is malformed or too long, or the stream ended inside one.</exception>
    public async Task RunAsync(IFrameSink sink, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Buffered < Frames.PrefixSize)
            {
                if (!await ReadMoreAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (Buffered == 0) return;
                    throw new ProtocolViolationException("connection closed inside a frame prefix");
                }
                continue;
            }
            Frames.ReadPrefix(_buffer.AsSpan(_start, Frames.PrefixSize), out uint length, out var type, out ulong id);
            long frameBytes = 4L + length;
            switch (type)
            {
                case FrameType.Chunk:
                {
                    long payload = length - (long)Frames.MinLength;
                    if (payload < 1 || payload > _maxChunk)
                        throw new ProtocolViolationException($"chunk of {payload} bytes (this node accepts 1..{_maxChunk})");
                    await ReadChunkAsync(sink, id, (int)payload, cancellationToken).ConfigureAwait(false);
                    break;
                }
                case FrameType.RequestStart or FrameType.ReplyStart:
                    if (length < Frames.MinLength || frameBytes > _maxStartFrame)
                        throw new ProtocolViolationException($"start frame of {frameBytes} bytes (this node accepts up to {_maxStartFrame})");
                    await FillAsync((int)frameBytes, cancellationToken).ConfigureAwait(false);
                    sink.OnStart(type, id, _buffer.AsSpan(_start + Frames.PrefixSize, (int)frameBytes - Frames.PrefixSize));
                    _start += (int)frameBytes;
                    break;
                case FrameType.Abort:
                    if (length != Frames.MinLength) throw new ProtocolViolationException($"abort frame of {frameBytes} bytes");
                    _start += Frames.PrefixSize;
                    sink.OnAbort(id);
                    break;
                default:
                    throw new ProtocolViolationException($"unknown frame type {(byte)type}");
            }
        }
    }

    private async Task ReadChunkAsync(IFrameSink sink, ulong id, int payload, CancellationToken cancellationToken)
    {
        int inBuffer = Math.Min(Buffered - Frames.PrefixSize, payload);
        if (payload - inBuffer < MinDirectRead && Frames.PrefixSize + payload <= _buffer.Length)
        {
            await FillAsync(Frames.PrefixSize + payload, cancellationToken).ConfigureAwait(false);
            var target = Target(sink, id, payload);
            _buffer.AsSpan(_start + Frames.PrefixSize, payload).CopyTo(target.Span);
            _start += Frames.PrefixSize + payload;
        }
        else
        {
            var target = Target(sink, id, payload);
            _buffer.AsSpan(_start + Frames.PrefixSize, inBuffer).CopyTo(target.Span);
            _start = _end = 0;
            try
            {
                await _stream.ReadExactlyAsync(target[inBuffer..], cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException)
            {
                throw new ProtocolViolationException("connection closed inside a chunk");
            }
            _afterChunk = true;
        }
        sink.OnChunk(id, payload);
    }

    private static Memory<byte> Target(IFrameSink sink, ulong id, int payload)
    {
        var target = sink.ChunkTarget(id, payload);
        if (target.Length != payload) throw new InvalidOperationException($"the sink gave {target.Length} bytes for a chunk of {payload}");
        return target;
    }

    /// <summary>Reads until <paramref name="bytes"/> are buffered (they fit the buffer: the caller checked the frame's length).</summary>
    private async Task FillAsync(int bytes, CancellationToken cancellationToken)
    {
        while (Buffered < bytes)
        {
            if (!await ReadMoreAsync(cancellationToken).ConfigureAwait(false))
                throw new ProtocolViolationException($"connection closed inside a frame ({Buffered} of {bytes} bytes arrived)");
        }
    }

    /// <summary>One read from the stream into the buffer; false at the end of the stream.</summary>
    private async Task<bool> ReadMoreAsync(CancellationToken cancellationToken)
    {
        if (_start == _end) _start = _end = 0;
        if (_buffer.Length - _end < ReadSize)
        {
            _buffer.AsSpan(_start, Buffered).CopyTo(_buffer);
            _end = Buffered;
            _start = 0;
        }
        int room = _buffer.Length - _end;
        int ask = _afterChunk ? Math.Min(AfterChunkReadSize, room) : room;
        int read = await _stream.ReadAsync(_buffer.AsMemory(_end, ask), cancellationToken).ConfigureAwait(false);
        _afterChunk = false;
        _end += read;
        return read > 0;
    }
}
