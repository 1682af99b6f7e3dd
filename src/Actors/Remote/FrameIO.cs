using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using ActorNet.Actors.Remote.Proto;
using Google.Protobuf;

namespace ActorNet.Actors.Remote;

/// <summary>
/// Framing: <c>uint32 little-endian length | byte type | body</c>, the length counting type and body.
/// Bodies of Protobuf-headed frames are <c>varint header length | header | raw bytes</c>.
/// </summary>
internal static class FrameIO
{
    public const int PrefixSize = 5;

    /// <summary>Writes a frame whose body is a Protobuf message followed by <paramref name="tail"/>.</summary>
    public static void Write(PipeWriter output, FrameType type, IMessage header, ReadOnlySpan<byte> tail)
    {
        WriteHead(output, type, header, tail.Length);
        WriteRaw(output, tail);
    }

    /// <summary>
    /// Writes the start of a frame whose body is a Protobuf message followed by <paramref name="tailLength"/> raw bytes,
    /// which the caller sends next, on the same stream, before anything else.
    /// </summary>
    public static void WriteHead(PipeWriter output, FrameType type, IMessage header, int tailLength)
    {
        int headerSize = header.CalculateSize();
        int headerPrefix = CodedOutputStream.ComputeLengthSize(headerSize);
        int length = 1 + headerPrefix + headerSize + tailLength;
        var span = output.GetSpan(4 + 1 + headerPrefix + headerSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)length);
        span[4] = (byte)type;
        int at = 5;
        uint v = (uint)headerSize;
        while (v >= 0x80) { span[at++] = (byte)(v | 0x80); v >>= 7; }
        span[at++] = (byte)v;
        header.WriteTo(span.Slice(at, headerSize));
        output.Advance(at + headerSize);
    }

    public static void WriteRaw(PipeWriter output, ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var span = output.GetSpan(Math.Min(bytes.Length, 1 << 16));
            int n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            output.Advance(n);
            bytes = bytes[n..];
        }
    }

    /// <summary>Cuts one complete frame off <paramref name="buffer"/>; false when more bytes are needed.</summary>
    /// <exception cref="ProtocolViolationException">The length prefix is zero or larger than <paramref name="maxFrameSize"/>.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out FrameType type, out ReadOnlySequence<byte> body)
    {
        type = default;
        body = default;
        if (buffer.Length < 4) return false;
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (length == 0) throw new ProtocolViolationException("empty frame");
        if (length > maxFrameSize) throw new ProtocolViolationException($"frame of {length} bytes exceeds maximum-frame-size {maxFrameSize}");
        if (buffer.Length < 4 + length) return false;
        var frame = buffer.Slice(4, length);
        type = (FrameType)frame.FirstSpan[0];
        body = frame.Slice(1);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    /// <summary>
    /// Recognizes an incomplete BulkChunk frame at the start of <paramref name="buffer"/> whose header has arrived: its
    /// header, the payload bytes already in <paramref name="buffer"/> (<paramref name="buffered"/>) and how many are still
    /// to come (<paramref name="missing"/>). False when <paramref name="buffer"/> starts with anything else or the header
    /// is not complete yet (the caller reads more, as usual).
    /// </summary>
    /// <exception cref="ProtocolViolationException">The frame's length or header is malformed.</exception>
    public static bool TryReadChunkStart(ReadOnlySequence<byte> buffer, int maxFrameSize, out BulkChunk chunk, out ReadOnlySequence<byte> buffered, out long missing)
    {
        chunk = null!;
        buffered = default;
        missing = 0;
        if (buffer.Length < PrefixSize) return false;
        Span<byte> prefix = stackalloc byte[PrefixSize];
        buffer.Slice(0, PrefixSize).CopyTo(prefix);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (length == 0) throw new ProtocolViolationException("empty frame");
        if (length > maxFrameSize) throw new ProtocolViolationException($"frame of {length} bytes exceeds maximum-frame-size {maxFrameSize}");
        if ((FrameType)prefix[4] != FrameType.BulkChunk || buffer.Length >= 4 + length) return false;
        var reader = new SequenceReader<byte>(buffer.Slice(PrefixSize));
        uint size = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 28) throw new ProtocolViolationException("truncated header length");
            if (!reader.TryRead(out byte b)) return false;
            size |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) break;
        }
        long headerEnd = PrefixSize + reader.Consumed + size;
        if (headerEnd > 4 + length) throw new ProtocolViolationException($"header of {size} bytes overruns its frame");
        if (buffer.Length < headerEnd) return false;
        try
        {
            chunk = BulkChunk.Parser.ParseFrom(buffer.Slice(PrefixSize + reader.Consumed, size));
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new ProtocolViolationException($"malformed {nameof(BulkChunk)}: {error.Message}", error);
        }
        buffered = buffer.Slice(headerEnd);
        missing = 4 + length - headerEnd - buffered.Length;
        return true;
    }

    /// <summary>Parses the Protobuf header of a body and returns the raw bytes after it.</summary>
    public static T ReadHeader<T>(ReadOnlySequence<byte> body, MessageParser<T> parser, out ReadOnlySequence<byte> tail) where T : IMessage<T>
    {
        var reader = new SequenceReader<byte>(body);
        uint size = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 28 || !reader.TryRead(out byte b)) throw new ProtocolViolationException("truncated header length");
            size |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) break;
        }
        if (size > reader.Remaining) throw new ProtocolViolationException($"header of {size} bytes overruns its frame");
        var headerBytes = body.Slice(reader.Consumed, size);
        tail = body.Slice(reader.Consumed + size);
        try
        {
            return parser.ParseFrom(headerBytes);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new ProtocolViolationException($"malformed {typeof(T).Name}: {error.Message}", error);
        }
    }
}
