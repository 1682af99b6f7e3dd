namespace ActorNet.Gpu;

/// <summary>
/// One stored blob of a .caffemodel or .binaryproto: its shape and float32 values (row-major,
/// outermost axis first). <see cref="IsLegacyShape"/> is true when the file gave the shape through
/// the old num/channels/height/width fields, which always describe four axes.
/// </summary>
public sealed record BlobData
{
    /// <summary>Creates a blob, checking that <paramref name="data"/> has exactly as many values as <paramref name="shape"/> describes.</summary>
    public BlobData(int[] shape, float[] data, bool isLegacyShape = false)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = Count(shape);
        if (count != data.Length)
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {count} values but {data.Length} were given", nameof(data));
        Shape = shape;
        Data = data;
        IsLegacyShape = isLegacyShape;
    }

    /// <summary>The dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>The values, row-major.</summary>
    public float[] Data { get; }

    /// <summary>Whether the shape came from the legacy 4-D fields of BlobProto.</summary>
    public bool IsLegacyShape { get; }

    /// <summary>
    /// Whether this blob fits a parameter of shape <paramref name="target"/>, by Caffe's rule: a
    /// legacy 4-D shape matches a target of up to four axes padded on the left with 1s (so an old
    /// InnerProduct weight stored as 1×1×N×K fits N×K); a modern shape must be equal.
    /// </summary>
    public bool Fits(IReadOnlyList<int> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!IsLegacyShape) return Shape.AsSpan().SequenceEqual(target.ToArray());
        if (target.Count > 4) return false;
        for (int i = 0; i < 4; i++)
        {
            int fromEnd = 4 - i;
            int want = fromEnd <= target.Count ? target[target.Count - fromEnd] : 1;
            if (Shape[i] != want) return false;
        }
        return true;
    }

    /// <summary>The blob as a BlobProto with a modern <c>shape</c> and float <c>data</c>.</summary>
    public BlobProto ToProto()
    {
        var proto = new BlobProto { Shape = new BlobShape() };
        foreach (int d in Shape) proto.Shape.Dim.Add(d);
        proto.Data.AddRange(Data);
        return proto;
    }

    /// <summary>
    /// Reads a BlobProto: shape from <c>shape</c> or the legacy 4-D fields, values from <c>data</c>
    /// or (converted to float) <c>double_data</c>. Throws <see cref="FormatException"/> when the
    /// number of values does not match the shape, naming <paramref name="what"/>.
    /// </summary>
    public static BlobData FromProto(BlobProto proto, string what)
    {
        ArgumentNullException.ThrowIfNull(proto);
        int[] shape;
        bool legacy = false;
        if (proto.Shape is not null)
        {
            shape = new int[proto.Shape.Dim.Count];
            for (int i = 0; i < shape.Length; i++)
            {
                long d = proto.Shape.Dim[i];
                if (d < 0 || d > int.MaxValue) throw new FormatException($"{what}: dimension {i} is {d}");
                shape[i] = (int)d;
            }
        }
        else
        {
            legacy = true;
            shape = [proto.Num, proto.Channels, proto.Height, proto.Width];
            if (shape.Any(d => d < 0)) throw new FormatException($"{what}: negative legacy dimension ({string.Join(", ", shape)})");
        }
        float[] data;
        if (proto.Data.Count > 0 || proto.DoubleData.Count == 0)
        {
            data = new float[proto.Data.Count];
            proto.Data.CopyTo(data, 0);
        }
        else
        {
            data = new float[proto.DoubleData.Count];
            for (int i = 0; i < data.Length; i++) data[i] = (float)proto.DoubleData[i];
        }
        long count = Count(shape);
        if (count != data.Length)
            throw new FormatException($"{what}: shape ({string.Join(", ", shape)}) holds {count} values but the blob has {data.Length}");
        return new BlobData(shape, data, legacy);
    }

    private static long Count(int[] shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension in ({string.Join(", ", shape)})", nameof(shape));
            count *= d;
        }
        return count;
    }
}
