using System.Buffers.Binary;
using System.Text;

namespace ActorNet.DataPlane.Wire;

/// <summary>
/// The frames after the handshake: <c>u32 length | u8 type | u64 id | rest</c>, little-endian, the length counting
/// type, id and rest. The id is the request's, chosen by the client; a reply and its chunks carry its request's id.
/// <list type="bullet">
/// <item>RequestStart rest: <c>u8 body kind | u64 body bytes | u8 service length | service (UTF-8) | header</c></item>
/// <item>ReplyStart rest: <c>u8 status (0 ok, 1 error) | u8 body kind | u64 body bytes | header, or the error message (UTF-8)</c></item>
/// <item>Chunk rest: the next body bytes (1..chunk size); Abort: no rest.</item>
/// </list>
/// </summary>
internal static class Frames
{
    /// <summary>Length prefix, type and id: what every frame starts with.</summary>
    public const int PrefixSize = 4 + 1 + 8;
    // The length counts the type and id too.
    public const int MinLength = 1 + 8;
    public const int RequestStartFixed = 1 + 8 + 1;
    public const int ReplyStartFixed = 1 + 1 + 8;
    public const byte StatusOk = 0, StatusError = 1;

    /// <summary>The longest start frame a receiver with <paramref name="maxHeaderBytes"/> accepts, prefix included.</summary>
    public static int MaxStartFrame(int maxHeaderBytes) => PrefixSize + RequestStartFixed + 255 + maxHeaderBytes;

    public static byte[] RequestStart(ulong id, byte[] service, ReadOnlySpan<byte> header, BlockBodyKind kind, long bodyBytes)
    {
        var frame = Begin(FrameType.RequestStart, id, RequestStartFixed + service.Length + header.Length, out var rest);
        rest[0] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(rest[1..], bodyBytes);
        rest[9] = (byte)service.Length;
        service.CopyTo(rest[10..]);
        header.CopyTo(rest[(10 + service.Length)..]);
        return frame;
    }

    public static byte[] ReplyStart(ulong id, byte status, ReadOnlySpan<byte> header, BlockBodyKind kind, long bodyBytes)
    {
        var frame = Begin(FrameType.ReplyStart, id, ReplyStartFixed + header.Length, out var rest);
        rest[0] = status;
        rest[1] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(rest[2..], bodyBytes);
        header.CopyTo(rest[10..]);
        return frame;
    }

    public static byte[] ErrorReply(ulong id, string message, int maxHeaderBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        int limit = Math.Min(maxHeaderBytes, 4096);
        return ReplyStart(id, StatusError, bytes.AsSpan(0, Math.Min(bytes.Length, limit)), BlockBodyKind.None, 0);
    }

    public static byte[] Abort(ulong id) => Begin(FrameType.Abort, id, 0, out _);

    /// <summary>Writes the prefix of a chunk of <paramref name="payload"/> bytes (which follow it).</summary>
    public static void ChunkPrefix(Span<byte> destination, ulong id, int payload) => WritePrefix(destination, FrameType.Chunk, id, payload);

    public static void ReadPrefix(ReadOnlySpan<byte> prefix, out uint length, out FrameType type, out ulong id)
    {
        length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        type = (FrameType)prefix[4];
        id = BinaryPrimitives.ReadUInt64LittleEndian(prefix[5..]);
    }

    /// <summary>Reads a RequestStart's rest (everything after the id).</summary>
    public static void ReadRequestStart(ReadOnlySpan<byte> rest, out BlockBodyKind kind, out long bodyBytes, out string service, out byte[] header)
    {
        if (rest.Length < RequestStartFixed) throw new ProtocolViolationException("request start frame too short");
        kind = ReadKind(rest[0]);
        bodyBytes = BinaryPrimitives.ReadInt64LittleEndian(rest[1..]);
        int serviceLength = rest[9];
        if (rest.Length < RequestStartFixed + serviceLength) throw new ProtocolViolationException("request start frame shorter than its service name");
        try
        {
            service = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(rest.Slice(RequestStartFixed, serviceLength));
        }
        catch (DecoderFallbackException)
        {
            throw new ProtocolViolationException("request service name is not UTF-8");
        }
        header = rest[(RequestStartFixed + serviceLength)..].ToArray();
    }

    /// <summary>Reads a ReplyStart's rest (everything after the id).</summary>
    public static void ReadReplyStart(ReadOnlySpan<byte> rest, out byte status, out BlockBodyKind kind, out long bodyBytes, out byte[] header)
    {
        if (rest.Length < ReplyStartFixed) throw new ProtocolViolationException("reply start frame too short");
        status = rest[0];
        if (status > StatusError) throw new ProtocolViolationException($"unknown reply status {status}");
        kind = ReadKind(rest[1]);
        bodyBytes = BinaryPrimitives.ReadInt64LittleEndian(rest[2..]);
        header = rest[ReplyStartFixed..].ToArray();
    }

    private static BlockBodyKind ReadKind(byte kind) =>
        kind <= (byte)BlockBodyKind.Floats ? (BlockBodyKind)kind : throw new ProtocolViolationException($"unknown body kind {kind}");

    private static byte[] Begin(FrameType type, ulong id, int restLength, out Span<byte> rest)
    {
        var frame = new byte[PrefixSize + restLength];
        WritePrefix(frame, type, id, restLength);
        rest = frame.AsSpan(PrefixSize);
        return frame;
    }

    private static void WritePrefix(Span<byte> destination, FrameType type, ulong id, int restLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)(MinLength + restLength));
        destination[4] = (byte)type;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[5..], id);
    }
}
