namespace ActorNet.Gpu;

/// <summary>The inputs and outputs of a <see cref="Net"/>, named as Caffe's net_input_blobs and net_output_blobs.</summary>
public sealed partial class Net
{
    /// <summary>The tops of the net's Input layers, in layer order: the blobs a caller fills before <see cref="Forward"/>.</summary>
    public IReadOnlyList<string> InputBlobNames =>
        [.. Enumerable.Range(0, layers.Count).Where(i => layers[i].Type == "Input").SelectMany(i => tops[i]).Select(NameOf)];

    /// <summary>
    /// The blobs no later layer consumes (e.g. <c>loss</c>, <c>accuracy</c>), in the order Caffe lists
    /// them: what <c>caffe train</c> and <c>caffe test</c> print after a forward pass.
    /// </summary>
    public IReadOnlyList<string> OutputBlobNames
    {
        get
        {
            var available = new List<Blob>();
            for (int i = 0; i < layers.Count; i++)
            {
                foreach (Blob bottom in bottoms[i]) available.Remove(bottom);
                foreach (Blob top in tops[i])
                {
                    if (!available.Contains(top)) available.Add(top);
                }
            }
            return [.. available.Select(NameOf)];
        }
    }

    /// <summary>The loss weight of the layer top named <paramref name="blobName"/> (0 for a blob that adds nothing to the loss).</summary>
    public float LossWeightOf(string blobName)
    {
        Blob blob = Blob(blobName);
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            int t = Array.IndexOf(tops[i], blob);
            if (t >= 0) return t < layers[i].LossWeights.Length ? layers[i].LossWeights[t] : 0f;
        }
        return 0f;
    }

    private string NameOf(Blob blob) => blobsByName.First(kv => ReferenceEquals(kv.Value, blob)).Key;
}
