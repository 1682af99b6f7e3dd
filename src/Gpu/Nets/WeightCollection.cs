using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorNet.Gpu;

/// <summary>
/// The learned blobs of a net by layer name, in layer order (SparkNet's WeightCollection): what workers
/// send to the driver, which sums them with <see cref="Add"/> and averages with <see cref="ScalarDivide"/>.
/// <see cref="ToBytes"/> writes a compact little-endian format: "ANWC", version, layer count, then per layer
/// its name, blob count, and per blob its rank, dims and raw float32 values.
/// </summary>
public sealed class WeightCollection
{
    private const uint Magic = 0x43574E41; // "ANWC" little-endian
    private const int Version = 1;

    private readonly List<string> layerNames = new();
    private readonly Dictionary<string, List<(int[] Shape, float[] Values)>> blobs = new();

    /// <summary>Layer names in net order.</summary>
    public IReadOnlyList<string> LayerNames => layerNames;

    /// <summary>Total number of floats held.</summary>
    public long Count => blobs.Values.Sum(list => list.Sum(b => (long)b.Values.Length));

    /// <summary>The values of a layer's blobs (weights, then bias); the arrays are live, not copies.</summary>
    public IReadOnlyList<float[]> this[string layerName] => Entries(layerName).Select(e => e.Values).ToList();

    /// <summary>The shapes of a layer's blobs.</summary>
    public IReadOnlyList<int[]> Shapes(string layerName) => Entries(layerName).Select(e => (int[])e.Shape.Clone()).ToList();

    /// <summary>Appends a layer's blobs (copied).</summary>
    public void AddLayer(string layerName, IEnumerable<(int[] Shape, float[] Values)> layerBlobs)
    {
        if (blobs.ContainsKey(layerName))
        {
            throw new ArgumentException($"Layer '{layerName}' is already in the collection.", nameof(layerName));
        }
        var list = new List<(int[], float[])>();
        foreach (var (shape, values) in layerBlobs)
        {
            long count = shape.Aggregate(1L, (a, d) => a * d);
            if (count != values.Length)
            {
                throw new ArgumentException($"Layer '{layerName}': shape [{string.Join(", ", shape)}] holds {count} values, got {values.Length}.");
            }
            list.Add(((int[])shape.Clone(), (float[])values.Clone()));
        }
        layerNames.Add(layerName);
        blobs[layerName] = list;
    }

    /// <summary>Elementwise sum of two collections with the same layers and shapes.</summary>
    public static WeightCollection Add(WeightCollection a, WeightCollection b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.layerNames.SequenceEqual(b.layerNames))
        {
            throw new ArgumentException($"Cannot add weight collections with different layers ([{string.Join(", ", a.layerNames)}] vs [{string.Join(", ", b.layerNames)}]).");
        }
        var sum = new WeightCollection();
        foreach (string name in a.layerNames)
        {
            var la = a.blobs[name];
            var lb = b.blobs[name];
            if (la.Count != lb.Count)
            {
                throw new ArgumentException($"Layer '{name}' has {la.Count} blobs in one collection and {lb.Count} in the other.");
            }
            var list = new List<(int[], float[])>();
            for (int i = 0; i < la.Count; i++)
            {
                if (!la[i].Shape.SequenceEqual(lb[i].Shape))
                {
                    throw new ArgumentException($"Layer '{name}' blob {i}: shapes [{string.Join(", ", la[i].Shape)}] and [{string.Join(", ", lb[i].Shape)}] differ.");
                }
                var values = new float[la[i].Values.Length];
                System.Numerics.Tensors.TensorPrimitives.Add(la[i].Values, lb[i].Values, values);
                list.Add(((int[])la[i].Shape.Clone(), values));
            }
            sum.layerNames.Add(name);
            sum.blobs[name] = list;
        }
        return sum;
    }

    /// <summary>Divides every value by <paramref name="divisor"/>, in place.</summary>
    public void ScalarDivide(float divisor)
    {
        if (divisor == 0f)
        {
            throw new ArgumentException("Cannot divide weights by zero.", nameof(divisor));
        }
        foreach (var list in blobs.Values)
        {
            foreach (var (_, values) in list)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(values, divisor, values);
            }
        }
    }

    /// <summary>Serializes to the compact binary format.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(layerNames.Count);
            foreach (string name in layerNames)
            {
                writer.Write(name);
                writer.Write(blobs[name].Count);
                foreach (var (shape, values) in blobs[name])
                {
                    writer.Write(shape.Length);
                    foreach (int d in shape)
                    {
                        writer.Write(d);
                    }
                    writer.Write(values.Length);
                    if (!BitConverter.IsLittleEndian)
                    {
                        throw new PlatformNotSupportedException("WeightCollection serialization assumes a little-endian machine.");
                    }
                    writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
                }
            }
        }
        return stream.ToArray();
    }

    /// <summary>Reads a file in the format written by <see cref="ToBytes"/> (a training checkpoint's <c>round-N.weights</c>).</summary>
    /// <exception cref="DataFormatException">The file is truncated or malformed (the file and the byte offset are named).</exception>
    public static WeightCollection Read(string path)
    {
        byte[] bytes = DataFormatException.ReadAllBytes(path);
        try
        {
            return FromBytes(bytes);
        }
        catch (FormatException e)
        {
            throw new DataFormatException(path, -1, e.Message, e);
        }
    }

    /// <summary>Reads the format written by <see cref="ToBytes"/>; a malformed input names the byte offset.</summary>
    public static WeightCollection FromBytes(ReadOnlySpan<byte> bytes)
    {
        var result = new WeightCollection();
        int offset = 0;
        if ((uint)ReadInt32(bytes, ref offset, "magic") != Magic)
        {
            throw new FormatException("Not a WeightCollection: bad magic at byte 0.");
        }
        int version = ReadInt32(bytes, ref offset, "version");
        if (version != Version)
        {
            throw new FormatException($"WeightCollection version {version} at byte 4 is not supported (expected {Version}).");
        }
        int layers = ReadInt32(bytes, ref offset, "layer count");
        for (int l = 0; l < layers; l++)
        {
            int start = offset;
            int nameLength = Read7BitLength(bytes, ref offset);
            if (bytes.Length - offset < nameLength)
            {
                throw new FormatException($"WeightCollection truncated at byte {start} while reading a layer name.");
            }
            string name = Encoding.UTF8.GetString(bytes.Slice(offset, nameLength));
            offset += nameLength;
            int count = ReadInt32(bytes, ref offset, "blob count");
            var list = new List<(int[], float[])>();
            for (int b = 0; b < count; b++)
            {
                int rank = ReadInt32(bytes, ref offset, "rank");
                // Each dimension takes 4 bytes: a rank the bytes left cannot hold is a lie, not an allocation to make.
                if ((long)rank * 4 > bytes.Length - offset)
                {
                    throw new FormatException($"WeightCollection truncated at byte {offset}: layer '{name}' blob {b} claims {rank} dimensions.");
                }
                var shape = new int[rank];
                for (int d = 0; d < rank; d++)
                {
                    shape[d] = ReadInt32(bytes, ref offset, "dimension");
                }
                int length = ReadInt32(bytes, ref offset, "value count");
                if ((long)length * 4 > bytes.Length - offset)
                {
                    throw new FormatException($"WeightCollection truncated at byte {offset}: layer '{name}' blob {b} needs {length * 4L} bytes.");
                }
                var values = MemoryMarshal.Cast<byte, float>(bytes.Slice(offset, length * 4)).ToArray();
                offset += length * 4;
                list.Add((shape, values));
            }
            try
            {
                result.AddLayer(name, list);
            }
            catch (ArgumentException e)
            {
                // A shape that does not hold its values, or a layer named twice: the bytes disagree with themselves.
                throw new FormatException($"WeightCollection layer at byte {start} is inconsistent: {e.Message}", e);
            }
        }
        if (offset != bytes.Length)
        {
            throw new FormatException($"WeightCollection has {bytes.Length - offset} trailing bytes at byte {offset}.");
        }
        return result;
    }

    private static int ReadInt32(ReadOnlySpan<byte> bytes, ref int offset, string what)
    {
        if (bytes.Length - offset < 4)
        {
            throw new FormatException($"WeightCollection truncated at byte {offset} while reading {what}.");
        }
        int value = BinaryPrimitives.ReadInt32LittleEndian(bytes[offset..]);
        offset += 4;
        if (value < 0 && what != "magic")
        {
            throw new FormatException($"WeightCollection has a negative {what} ({value}) at byte {offset - 4}.");
        }
        return value;
    }

    private static int Read7BitLength(ReadOnlySpan<byte> bytes, ref int offset)
    {
        int value = 0, shift = 0;
        while (true)
        {
            if (offset >= bytes.Length || shift > 28)
            {
                throw new FormatException($"WeightCollection has a bad string length at byte {offset}.");
            }
            byte b = bytes[offset++];
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
            shift += 7;
        }
    }

    private List<(int[] Shape, float[] Values)> Entries(string layerName) => blobs.TryGetValue(layerName, out var list)
        ? list
        : throw new KeyNotFoundException($"The weight collection has no layer named '{layerName}'.");
}
