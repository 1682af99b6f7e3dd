using System.Buffers;
using System.Runtime.InteropServices;

namespace ActorNet.Actors.Serialization;

/// <summary>
/// Primitive arrays (byte[], float[], double[], int[], long[]) as their raw little-endian bytes, so weights
/// and gradients cross the wire without per-element encoding. The transport uses <see cref="AsBytes"/> and
/// <see cref="Allocate"/> to avoid even the serializer's copy on the bulk lane.
/// </summary>
internal sealed class RawArraySerializer : ISerializer
{
    public const int Id = 2;

    public static readonly Type[] Types = [typeof(byte[]), typeof(float[]), typeof(double[]), typeof(int[]), typeof(long[])];

    public RawArraySerializer()
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("raw array serialization assumes a little-endian host");
    }

    public int Identifier => Id;

    public string Manifest(object value) => value switch
    {
        byte[] => "B", float[] => "F", double[] => "D", int[] => "I", long[] => "L",
        _ => throw new ArgumentException($"{value.GetType().Name} is not a raw array"),
    };

    /// <summary>The array's memory seen as bytes (no copy).</summary>
    public static ReadOnlySpan<byte> AsBytes(object value) => value switch
    {
        byte[] b => b,
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()),
        double[] d => MemoryMarshal.AsBytes(d.AsSpan()),
        int[] i => MemoryMarshal.AsBytes(i.AsSpan()),
        long[] l => MemoryMarshal.AsBytes(l.AsSpan()),
        _ => throw new ArgumentException($"{value.GetType().Name} is not a raw array"),
    };

    private static int ElementSize(string manifest) => manifest switch
    {
        "B" => 1, "F" => 4, "D" => 8, "I" => 4, "L" => 8,
        _ => throw new FormatException($"unknown raw array manifest '{manifest}'"),
    };

    /// <summary>
    /// A new array for <paramref name="byteLength"/> bytes of the given manifest's element type, not zeroed (its
    /// callers overwrite every byte before the array is seen: weights arrive by the megabyte into fresh memory).
    /// </summary>
    public static Array Allocate(string manifest, long byteLength) => NewArray(manifest, byteLength, pooled: false);

    /// <summary>
    /// As <see cref="Allocate(string, long)"/>, for an array tail of a record: float tails come from
    /// <see cref="FloatArrayPool.RentReceived"/>, so the message's last consumer may give them back for the next message.
    /// </summary>
    public static Array AllocateTail(string manifest, long byteLength) => NewArray(manifest, byteLength, pooled: true);

    private static Array NewArray(string manifest, long byteLength, bool pooled)
    {
        int size = ElementSize(manifest);
        if (byteLength % size != 0) throw new FormatException($"{byteLength} bytes is not a whole number of {size}-byte elements");
        long count = byteLength / size;
        if (count > Array.MaxLength) throw new FormatException($"array of {count} elements is too large");
        return manifest switch
        {
            "B" => GC.AllocateUninitializedArray<byte>((int)count),
            "F" => pooled ? FloatArrayPool.RentReceived((int)count) : GC.AllocateUninitializedArray<float>((int)count),
            "D" => GC.AllocateUninitializedArray<double>((int)count), "I" => GC.AllocateUninitializedArray<int>((int)count),
            _ => GC.AllocateUninitializedArray<long>((int)count),
        };
    }

    /// <summary>The bytes of an array created by <see cref="Allocate"/>, writable.</summary>
    public static Span<byte> WritableBytes(Array array) => array switch
    {
        byte[] b => b,
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()),
        double[] d => MemoryMarshal.AsBytes(d.AsSpan()),
        int[] i => MemoryMarshal.AsBytes(i.AsSpan()),
        long[] l => MemoryMarshal.AsBytes(l.AsSpan()),
        _ => throw new ArgumentException($"{array.GetType().Name} is not a raw array"),
    };

    public void Serialize(object value, IBufferWriter<byte> output) => new WireWriter(output).Raw(AsBytes(value));

    public object Deserialize(ReadOnlySpan<byte> bytes, string manifest)
    {
        var array = Allocate(manifest, bytes.Length);
        bytes.CopyTo(WritableBytes(array));
        return array;
    }
}
