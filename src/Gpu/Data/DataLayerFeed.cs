namespace ActorNet.Gpu;

/// <summary>
/// A net whose Caffe data layer (Data, ImageData, MemoryData) for one phase was replaced by Input
/// layers (<see cref="ProtoLoader.ReplaceDataLayers"/>), together with the feeder that fills them the
/// way the data layer would have: batches of the layer's batch_size, through its transform_param,
/// from a folder of IDX or CIFAR-10 binary files (<see cref="ImageFolder"/>).
/// </summary>
public sealed class DataLayerFeed
{
    private DataLayerFeed(NetParameter net, ImageBatches? batches, string? folder, string? dataTop, string? labelTop)
    {
        Net = net;
        Batches = batches;
        Folder = folder;
        _dataTop = dataTop;
        _labelTop = labelTop;
    }

    // The tops of the replaced data layer: the image blob and (when present) the label blob.
    private readonly string? _dataTop;
    private readonly string? _labelTop;

    /// <summary>The net with its data layers replaced by Input layers (unchanged when it had none).</summary>
    public NetParameter Net { get; }

    /// <summary>The batches fed into the net, or null when the net had no data layer for the phase or no images were given.</summary>
    public ImageBatches? Batches { get; }

    /// <summary>How many images the folder's set for the phase holds (0 when nothing is fed).</summary>
    public int ImageCount { get; private init; }

    /// <summary>The folder the images were read from, or null.</summary>
    public string? Folder { get; }

    /// <summary>Fills the net's data and label inputs with the next batch; null when there is nothing to feed.</summary>
    public Action<Net>? Feed => Batches is null ? null : FeedNext;

    /// <summary>
    /// Replaces the data layer of <paramref name="net"/> for <paramref name="phase"/> and reads its images:
    /// from <paramref name="dataFolder"/> when given, otherwise from the layer's <c>source</c> when that is
    /// a folder ActorNet reads (looked for in the working directory, then in <paramref name="baseDirectory"/>).
    /// TRAIN reads the folder's training set, TEST its test set. When no images can be found the call
    /// throws <see cref="FileNotFoundException"/> naming the layer, its source and the files expected — unless
    /// <paramref name="fallbackShape"/> (channels, height, width) is given, in which case the Input layers
    /// take that shape and nothing is fed (for timing on random data). <paramref name="shuffle"/>, when given,
    /// overrides the layer's own choice (ImageData's <c>shuffle</c>; a Data layer reads in order): true
    /// reshuffles the images every epoch from <paramref name="seed"/>.
    /// </summary>
    public static DataLayerFeed Prepare(NetParameter net, Phase phase, string? dataFolder, string? baseDirectory = null, int[]? fallbackShape = null, int seed = 1701,
        bool? shuffle = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        LayerParameter? layer = net.Layer.FirstOrDefault(l => SupportedLayers.DataLayerTypes.Contains(l.Type) && InPhase(l, phase));
        if (layer is null) return new DataLayerFeed(net.Clone(), null, null, null, null);

        var (batch, source, layerShuffles) = Settings(layer);
        if (batch <= 0) throw new PrototxtException($"the {phase} data layer '{layer.Name}' has no batch_size");
        string? folder = dataFolder ?? FindSourceFolder(source, baseDirectory);
        if (folder is null)
        {
            if (fallbackShape is [int c, int h, int w])
                return new DataLayerFeed(ProtoLoader.ReplaceDataLayers(net, batch, batch, c, h, w), null, null, null, null);
            throw new FileNotFoundException(
                $"no images for the {phase} data layer '{layer.Name}': its source '{source}' is not a folder of {ImageFolder.ExpectedFiles}; give a data folder (--data DIR)",
                source);
        }

        LabeledImages images = ImageFolder.Read(folder, train: phase == Phase.Train);
        DataTransformer transformer = DataTransformer.Create(layer.TransformParam ?? new TransformationParameter(), phase,
            images.Channels, images.Height, images.Width, baseDirectory, seed);
        var batches = new ImageBatches(images, transformer, batch, shuffle ?? layerShuffles, seed);
        int[] shape = transformer.OutputShape;
        NetParameter replaced = ProtoLoader.ReplaceDataLayers(net, batch, batch, shape[0], shape[1], shape[2]);
        return new DataLayerFeed(replaced, batches, folder, layer.Top.Count > 0 ? layer.Top[0] : null, layer.Top.Count > 1 ? layer.Top[1] : null)
        {
            ImageCount = images.Count,
        };
    }

    private void FeedNext(Net net)
    {
        Blob data = net.Blob(_dataTop!);
        if (_labelTop is not null)
        {
            Batches!.Next(data, net.Blob(_labelTop));
            return;
        }
        var values = new float[data.Count];
        Batches!.Next(values, new float[Batches.BatchSize]);
        data.SetData(values);
    }

    private static (int Batch, string Source, bool Shuffle) Settings(LayerParameter layer) => layer.Type switch
    {
        "Data" => ((int)(layer.DataParam?.BatchSize ?? 0), layer.DataParam?.Source ?? "", false),
        "ImageData" => ((int)(layer.ImageDataParam?.BatchSize ?? 0), layer.ImageDataParam?.Source ?? "", layer.ImageDataParam?.Shuffle ?? false),
        _ => ((int)(layer.MemoryDataParam?.BatchSize ?? 0), "", false),
    };

    private static string? FindSourceFolder(string source, string? baseDirectory)
    {
        if (source.Length == 0) return null;
        if (ImageFolder.Detect(source) is not null) return source;
        if (baseDirectory is null || Path.IsPathRooted(source)) return null;
        string beside = Path.Combine(baseDirectory, source);
        return ImageFolder.Detect(beside) is not null ? beside : null;
    }

    // Whether the layer is part of the phase, judged by phase rules only (levels and stages are the Net's business).
    private static bool InPhase(LayerParameter layer, Phase phase)
    {
        bool included = layer.Include.Count == 0 || layer.Include.Any(r => !r.HasPhase || r.Phase == phase);
        bool excluded = layer.Exclude.Any(r => r.HasPhase && r.Phase == phase);
        return included && !excluded;
    }
}
