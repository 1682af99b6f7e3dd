namespace ActorNet.Gpu;

/// <summary>Loading and saving Caffe .caffemodel weights into and from a <see cref="Net"/>.</summary>
public sealed partial class Net
{
    /// <summary>
    /// Copies the blobs of every layer of a .caffemodel whose name matches a layer of this net (others are
    /// skipped, as Caffe's CopyTrainedLayersFrom does); a matching layer with other blob shapes is an error.
    /// </summary>
    public void CopyTrainedLayersFrom(string caffemodelPath)
    {
        foreach (var (name, blobs) in CaffeModel.LoadWeights(caffemodelPath))
        {
            if (!layerIndex.TryGetValue(name, out int i))
            {
                continue;
            }
            var target = layers[i].Blobs;
            if (blobs.Count != target.Count)
            {
                throw new InvalidOperationException($"{caffemodelPath}: layer '{name}' has {blobs.Count} blobs, the net expects {target.Count}.");
            }
            for (int b = 0; b < blobs.Count; b++)
            {
                if (!blobs[b].Fits(target[b].Shape))
                {
                    throw new InvalidOperationException(
                        $"{caffemodelPath}: layer '{name}' blob {b} has shape [{string.Join(", ", blobs[b].Shape)}], the net expects {target[b].ShapeString}.");
                }
                target[b].SetData(blobs[b].Data);
            }
        }
    }

    /// <summary>Writes the net's definition with its current weights as a .caffemodel Caffe can read.</summary>
    public void SaveCaffeModel(string path)
    {
        var weights = layers
            .Where(l => l.Blobs.Count > 0 && Definition.Layer.Any(d => d.Name == l.Name))
            .Select(l => new KeyValuePair<string, IReadOnlyList<BlobData>>(
                l.Name, l.Blobs.Select(b => new BlobData(b.Shape, b.GetData())).ToList()));
        CaffeModel.SaveWeights(path, Definition, weights);
    }
}
