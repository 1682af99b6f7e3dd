using System.Buffers;

namespace ActorNet.Actors.Remote;

/// <summary>
/// Reads the frames of an authenticated connection from its stream into a buffer of its own (not a pipe), so it decides
/// how much each read asks for. Small frames are read many at a time, as a pipe would. A bulk chunk is read past the
/// buffer: once its header is in, the rest of its bytes go from the socket straight into the array they fill
/// (<see cref="InboundDispatcher.DirectTarget"/>), and the read after it asks only for a frame header's worth, so the
/// next chunk's bytes do not land in the buffer first either. Every byte of a large payload is copied once, by the kernel.
/// </summary>
internal sealed class FrameReader(Stream stream, int maxFrameSize)
{
    // What one read asks for while small frames flow, and the room kept free for it.
    private const int ReadSize = 64 * 1024;
    // What the read after a bulk chunk asks for: the next frame's length, type and header, and a little more.
    private const int HeaderReadSize = 256;
    // Below this many bytes still to come, a chunk is read through the buffer (a read of its own would cost more than the copy).
    private const int MinDirectRead = 8 * 1024;

    // Bytes read and not yet consumed: _buffer[_start.._end].
    private byte[] _buffer = new byte[2 * ReadSize];
    private int _start;
    private int _end;

    /// <summary>Bytes read from the stream before this reader took over (what the handshake's pipe had buffered).</summary>
    public void Prepend(ReadOnlySequence<byte> bytes)
    {
        EnsureRoom((int)bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_end));
        _end += (int)bytes.Length;
    }

    /// <summary>Reads and dispatches frames until the stream ends (returns) or fails (throws).</summary>
    /// <exception cref="ProtocolViolationException">A frame is malformed (the connection must close).</exception>
    public async Task RunAsync(InboundDispatcher dispatcher, CancellationToken cancellationToken)
    {
        bool afterChunk = false;
        while (true)
        {
            var pending = new ReadOnlySequence<byte>(_buffer, _start, _end - _start);
            while (FrameIO.TryRead(ref pending, maxFrameSize, out var type, out var body)) dispatcher.Dispatch(type, body);
            _start = _end - (int)pending.Length;

            if (FrameIO.TryReadChunkStart(pending, maxFrameSize, out var chunk, out var buffered, out long missing)
                && missing >= MinDirectRead && dispatcher.DirectTarget(chunk, buffered.Length + missing) is { } target)
            {
                buffered.CopyTo(target.Span);
                _start = _end = 0;
                await stream.ReadExactlyAsync(target[(int)buffered.Length..], cancellationToken).ConfigureAwait(false);
                dispatcher.DirectChunkReceived(chunk, target.Length);
                afterChunk = true;
                continue;
            }

            EnsureRoom(afterChunk ? HeaderReadSize : ReadSize);
            int room = _buffer.Length - _end;
            int read = await stream.ReadAsync(_buffer.AsMemory(_end, afterChunk ? Math.Min(HeaderReadSize, room) : room), cancellationToken).ConfigureAwait(false);
            if (read == 0) return;
            _end += read;
            afterChunk = false;
        }
    }

    /// <summary>Makes at least <paramref name="bytes"/> free after the unconsumed bytes, moving them to the front or growing the buffer.</summary>
    private void EnsureRoom(int bytes)
    {
        if (_start == _end) _start = _end = 0;
        if (_buffer.Length - _end >= bytes) return;
        int unconsumed = _end - _start;
        if (unconsumed + bytes > _buffer.Length)
        {
            // A frame larger than the buffer (up to the maximum frame size) is being read: grow to hold it whole.
            var larger = new byte[Math.Max(_buffer.Length * 2, unconsumed + bytes)];
            _buffer.AsSpan(_start, unconsumed).CopyTo(larger);
            _buffer = larger;
        }
        else
        {
            _buffer.AsSpan(_start, unconsumed).CopyTo(_buffer);
        }
        _start = 0;
        _end = unconsumed;
    }
}
