namespace ActorNet.Gpu;

/// <summary>Copying learned weights out of and into a <see cref="Net"/> (SparkNet's getWeights/setWeights).</summary>
public sealed partial class Net
{
    /// <summary>Copies every layer's learned blobs (layers without blobs are left out).</summary>
    public WeightCollection GetWeights()
    {
        var weights = new WeightCollection();
        foreach (var layer in layers)
        {
            if (layer.Blobs.Count > 0)
            {
                weights.AddLayer(layer.Name, layer.Blobs.Select(b => (b.Shape, b.GetData())));
            }
        }
        return weights;
    }

    /// <summary>Sets the learned blobs of every layer named in <paramref name="weights"/>; shapes must match.</summary>
    public void SetWeights(WeightCollection weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        foreach (string name in weights.LayerNames)
        {
            var target = LayerParams(name);
            var values = weights[name];
            var shapes = weights.Shapes(name);
            if (values.Count != target.Count)
            {
                throw new ArgumentException($"Layer '{name}' has {target.Count} blobs but the weights hold {values.Count}.");
            }
            for (int i = 0; i < values.Count; i++)
            {
                if (!shapes[i].SequenceEqual(target[i].Shape))
                {
                    throw new ArgumentException($"Layer '{name}' blob {i} has shape [{string.Join(", ", target[i].Shape)}] but the weights have [{string.Join(", ", shapes[i])}].");
                }
                target[i].SetData(values[i]);
            }
        }
    }
}
