namespace ActorNet.Gpu;

/// <summary>
/// The bridge between <see cref="Net"/> and .caffemodel files: Caffe's
/// <c>Net::CopyTrainedLayersFrom</c> and <c>Net::ToProto</c> + <c>WriteProtoToBinaryFile</c>.
/// </summary>
public static class NetCaffeModelExtensions
{
    /// <summary>
    /// Copies trained parameters from a .caffemodel into <paramref name="net"/> by layer name, as
    /// Caffe does: layers of the file that the net does not have are skipped (returned in
    /// <c>Ignored</c>); for a layer both have, the number of blobs must be equal and each blob's
    /// shape must fit (legacy 4-D shapes fit by Caffe's rule, see <see cref="BlobData.Fits"/>),
    /// otherwise <see cref="DataFormatException"/> names the file, layer, blob and both shapes.
    /// Net layers absent from the file keep their values.
    /// </summary>
    public static (IReadOnlyList<string> Copied, IReadOnlyList<string> Ignored) CopyTrainedLayersFrom(this Net net, string caffemodelPath)
    {
        ArgumentNullException.ThrowIfNull(net);
        var copied = new List<string>();
        var ignored = new List<string>();
        var names = new HashSet<string>(net.LayerNames);
        foreach (var (layer, blobs) in CaffeModel.LoadWeights(caffemodelPath))
        {
            if (!names.Contains(layer))
            {
                ignored.Add(layer);
                continue;
            }
            IReadOnlyList<Blob> targets = net.LayerParams(layer);
            if (targets.Count != blobs.Count)
                throw new DataFormatException(caffemodelPath, -1,
                    $"layer '{layer}' has {blobs.Count} blobs in the file but {targets.Count} in net '{net.Name}' (incompatible number of blobs)");
            for (int i = 0; i < blobs.Count; i++)
            {
                int[] shape = targets[i].Shape;
                if (!blobs[i].Fits(shape))
                    throw new DataFormatException(caffemodelPath, -1,
                        $"cannot copy blob {i} of layer '{layer}': the file's shape is ({string.Join(", ", blobs[i].Shape)}), the net's is ({string.Join(", ", shape)})");
            }
            for (int i = 0; i < blobs.Count; i++) targets[i].SetData(blobs[i].Data);
            copied.Add(layer);
        }
        return (copied, ignored);
    }

    /// <summary>
    /// Saves the parameters of <paramref name="net"/> as a .caffemodel that Caffe and
    /// <see cref="CopyTrainedLayersFrom"/> read. With <paramref name="definition"/> (the net's
    /// NetParameter) the file is a complete Caffe net; without it, each layer that has parameters
    /// is written with its name, type and blobs, which is all Caffe reads when loading weights.
    /// </summary>
    public static void SaveCaffeModel(this Net net, string path, NetParameter? definition = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        var weights = new List<KeyValuePair<string, IReadOnlyList<BlobData>>>();
        foreach (string layer in net.LayerNames)
        {
            IReadOnlyList<Blob> blobs = net.LayerParams(layer);
            if (blobs.Count > 0) weights.Add(new(layer, [.. blobs.Select(b => new BlobData(b.Shape, b.GetData()))]));
        }
        if (definition is null)
        {
            definition = new NetParameter { Name = net.Name };
            foreach (var (layer, _) in weights) definition.Layer.Add(new LayerParameter { Name = layer, Type = net.LayerType(layer) });
        }
        CaffeModel.SaveWeights(path, definition, weights);
    }
}
