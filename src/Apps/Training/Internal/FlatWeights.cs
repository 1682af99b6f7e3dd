using ActorNet.Gpu;

namespace ActorNet.Training.Internal;

/// <summary>
/// A net's learned blobs as one float vector in layer order, so that workers' weights can be summed by an
/// RDD reduction and averaged with one pass; <see cref="Unflatten"/> turns it back into a <see cref="WeightCollection"/>.
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

    /// <summary>Adds <paramref name="b"/> into <paramref name="a"/> and returns <paramref name="a"/>.</summary>
    public static float[] AddInto(float[] a, float[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Weight vectors of {a.Length} and {b.Length} floats cannot be summed.");
        System.Numerics.Tensors.TensorPrimitives.Add(a, b, a);
        return a;
    }

    /// <summary>A collection shaped like <paramref name="template"/> holding <paramref name="flat"/>'s values.</summary>
    public static WeightCollection Unflatten(WeightCollection template, ReadOnlySpan<float> flat)
    {
        if (flat.Length != template.Count) throw new ArgumentException($"The net has {template.Count} learned values, the vector {flat.Length}.");
        var result = new WeightCollection();
        int offset = 0;
        foreach (string layer in template.LayerNames)
        {
            var blobs = new List<(int[], float[])>();
            foreach (int[] shape in template.Shapes(layer))
            {
                int count = shape.Aggregate(1, (x, d) => x * d);
                blobs.Add((shape, flat.Slice(offset, count).ToArray()));
                offset += count;
            }
            result.AddLayer(layer, blobs);
        }
        return result;
    }
}
