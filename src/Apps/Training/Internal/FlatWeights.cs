using ActorNet.Gpu;

namespace ActorNet.Training.Internal;

/// <summary>
/// A net's learned blobs (every layer's, in layer order, as <see cref="Net.GetWeights"/> lists them) as one float
/// vector: the layout model averaging and allreduce keep a net's weights in, in the store.
/// </summary>
internal static class FlatWeights
{
    public static float[] Flatten(WeightCollection weights)
    {
        var flat = new float[weights.Count];
        int offset = 0;
        foreach (string layer in weights.LayerNames)
        {
            foreach (float[] values in weights[layer])
            {
                values.CopyTo(flat, offset);
                offset += values.Length;
            }
        }
        return flat;
    }

    /// <summary>The net's blobs in the flat layout, read straight from the net.</summary>
    public static float[] Flatten(Net net)
    {
        var flat = new float[Count(net)];
        FlattenInto(net, flat);
        return flat;
    }

    /// <summary>Writes the net's blobs in the flat layout into <paramref name="flat"/> (as long as <see cref="Count"/>).</summary>
    public static void FlattenInto(Net net, Span<float> flat)
    {
        int count = Count(net);
        if (flat.Length != count) throw new ArgumentException($"The net has {count} learned values, the vector {flat.Length}.");
        int offset = 0;
        foreach (var blob in Blobs(net))
        {
            blob.CopyDataTo(flat.Slice(offset, blob.Count));
            offset += blob.Count;
        }
    }

    /// <summary>How many floats the net's flat layout holds.</summary>
    public static int Count(Net net) => Blobs(net).Sum(b => b.Count);

    /// <summary>Sets the net's blobs from <paramref name="flat"/> (no intermediate <see cref="WeightCollection"/>).</summary>
    public static void SetInto(Net net, ReadOnlySpan<float> flat)
    {
        int count = Count(net);
        if (flat.Length != count) throw new ArgumentException($"The net has {count} learned values, the vector {flat.Length}.");
        int offset = 0;
        foreach (var blob in Blobs(net))
        {
            blob.SetData(flat.Slice(offset, blob.Count));
            offset += blob.Count;
        }
    }

    private static IEnumerable<Blob> Blobs(Net net) => net.LayerNames.SelectMany(net.LayerParams);
}
