using ActorNet.DataPlane;
using ActorNet.DataPlane.Wire;

namespace ActorNet.DataPlane;

/// <summary>What a block body holds.</summary>
public enum BlockBodyKind : byte
{
    /// <summary>No body.</summary>
    None = 0,
    /// <summary>Raw bytes.</summary>
    Bytes = 1,
    /// <summary>32-bit floats, sent as their little-endian bytes straight from and into float arrays.</summary>
    Floats = 2,
}

/// <summary>
/// The bulk part of a request or reply: nothing, a run of bytes, or a run of floats. A body is sent straight from its
/// array (no copy), so the sender must not change it until the send ended (<see cref="DataPlaneNode.RequestAsync"/>
/// returned, or a reply's <see cref="BlockReply.Release"/> ran). A received float body lies in an array of the process's
/// float pool, whole: its owner may give it back with <see cref="ReturnToPool"/> once nothing reads it any more.
/// </summary>
public readonly struct BlockBody
{
    private BlockBody(BlockBodyKind kind, ArraySegment<byte> bytes, ArraySegment<float> floats)
    {
        Kind = kind;
        Bytes = bytes;
        Floats = floats;
    }

    /// <summary>No body (also <c>default</c>).</summary>
    public static BlockBody Empty => default;

    /// <summary>A body of <paramref name="bytes"/>, sent from that array.</summary>
    public static BlockBody FromBytes(ArraySegment<byte> bytes) => new(BlockBodyKind.Bytes, bytes, default);

    /// <summary>A body of <paramref name="floats"/>, sent from that array.</summary>
    public static BlockBody FromFloats(ArraySegment<float> floats) => new(BlockBodyKind.Floats, default, floats);

    /// <summary>What the body holds.</summary>
    public BlockBodyKind Kind { get; }

    /// <summary>The bytes of a <see cref="BlockBodyKind.Bytes"/> body (empty otherwise).</summary>
    public ArraySegment<byte> Bytes { get; }

    /// <summary>The floats of a <see cref="BlockBodyKind.Floats"/> body (empty otherwise).</summary>
    public ArraySegment<float> Floats { get; }

    /// <summary>How many bytes go over the wire.</summary>
    public long ByteLength => Kind switch
    {
        BlockBodyKind.Bytes => Bytes.Count,
        BlockBodyKind.Floats => (long)Floats.Count * sizeof(float),
        _ => 0,
    };

    /// <summary>
    /// Gives a received float body's array back to the float pool; the caller reads it no more. False (doing nothing) for a
    /// body that did not arrive into a pooled array (a byte body, a body landed in a <see cref="ReplyLanding"/>, a body
    /// built locally, or one already returned).
    /// </summary>
    public bool ReturnToPool() => Kind == BlockBodyKind.Floats && FloatArrayPool.TryReturnReceived(Floats);

    /// <summary>
    /// Gives back <paramref name="array"/> if it is the array of a float body received whole that its owner handed on
    /// instead of keeping it (the float values of task ends): for code that holds the array, not the body. The caller
    /// reads it no more. False, doing nothing, for any other array (one built locally, one already given back).
    /// </summary>
    public static bool ReturnReceived(float[] array) => FloatArrayPool.TryReturnReceived(array);

    /// <summary>The body's bytes as they go over the wire, a view of its array.</summary>
    internal ReadOnlyMemory<byte> WireBytes() => Kind switch
    {
        BlockBodyKind.Bytes => Bytes.AsMemory(),
        BlockBodyKind.Floats => FloatBytes.Of(Floats),
        _ => ReadOnlyMemory<byte>.Empty,
    };
}
