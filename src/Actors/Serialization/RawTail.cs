using ActorNet.Actors.Remote;

namespace ActorNet.Actors.Serialization;

/// <summary>
/// A primitive array, or the run <paramref name="Offset"/>..+<paramref name="Count"/> of its elements, that a record sends
/// as a raw tail (see <see cref="ObjectSerializer.SerializeWithTails"/>): the transport writes its bytes straight from
/// the array. The receiver gets a whole array of <paramref name="Count"/> elements, or, for a reply received into an
/// ask's <see cref="ReplyLanding"/>, the run of the landing's array it was written into.
/// </summary>
/// <param name="Array">A byte, float, double, int or long array.</param>
/// <param name="Offset">The first element sent.</param>
/// <param name="Count">How many elements are sent.</param>
internal readonly record struct RawTail(Array Array, int Offset, int Count)
{
    /// <summary>The element type's manifest (as <see cref="RawArraySerializer"/> writes it).</summary>
    public string Manifest => new RawArraySerializer().Manifest(Array);

    /// <summary>A whole array.</summary>
    public static RawTail Whole(Array array) => new(array, 0, array.Length);

    /// <summary>The bytes of the run, a view of the array.</summary>
    public ReadOnlyMemory<byte> Bytes => WritableMemory();

    /// <summary>How many bytes the run holds.</summary>
    public long ByteLength => (long)Count * ElementSize;

    /// <summary>The bytes of the run as writable memory (a socket reads straight into it).</summary>
    public Memory<byte> WritableMemory() => ArrayMemory.Writable(Array).Slice(Offset * ElementSize, Count * ElementSize);

    /// <summary>The bytes of the run as a writable span.</summary>
    public Span<byte> WritableSpan() => RawArraySerializer.WritableBytes(Array).Slice(Offset * ElementSize, Count * ElementSize);

    /// <summary>What a record receives for this tail: the array when the run is all of it, else (a float landing) the segment.</summary>
    public object Received() => Offset == 0 && Count == Array.Length ? Array
        : Array is float[] floats ? new ArraySegment<float>(floats, Offset, Count)
        : throw new InvalidOperationException($"a received tail of {Array.GetType().Name} must be a whole array");

    private int ElementSize => Array switch { byte[] => 1, float[] or int[] => 4, _ => 8 };
}
