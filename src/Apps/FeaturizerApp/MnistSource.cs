using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.FeaturizerApp;

/// <summary>
/// An MNIST / Fashion-MNIST folder (train-* or t10k-* IDX files, gzip-compressed or not), split into contiguous slices
/// of the images, one per partition, as MnistApp splits it.
/// </summary>
internal sealed record MnistSource(string Folder, bool Train, string ImagesPath, string LabelsPath) : ImageSource(Folder, Train)
{
    /// <inheritdoc />
    public override string Format => "mnist";

    /// <inheritdoc />
    public override (int Channels, int Height, int Width) Shape => (1, 28, 28);

    // Caffe's LeNet (and so MnistApp) scales pixels by 1/256 in its Data layer's transform_param.
    /// <inheritdoc />
    public override float DefaultScale => 0.00390625f;

    /// <inheritdoc />
    public override IReadOnlyList<string> Files => [ImagesPath, LabelsPath];

    public static MnistSource In(string folder, bool train)
    {
        string prefix = train ? "train" : "t10k";
        return new MnistSource(folder, train, Find(folder, $"{prefix}-images-idx3-ubyte"), Find(folder, $"{prefix}-labels-idx1-ubyte"));
    }

    /// <inheritdoc />
    public override Rdd<(byte[] Pixels, int Label)> Read(ClusterContext context, int partitions, CollectionAccumulator<string> warnings)
    {
        string images = ImagesPath, labels = LabelsPath;
        return context.Parallelize(Enumerable.Range(0, partitions), partitions).FlatMap(slice => ReadSlice(images, labels, slice, partitions));
    }

    // Runs on a worker: the IDX reader checks the files and names the one that is wrong.
    private static IEnumerable<(byte[] Pixels, int Label)> ReadSlice(string imagesPath, string labelsPath, int slice, int slices)
    {
        var images = IdxFile.ReadImagesAndLabels(imagesPath, labelsPath);
        if ((images.Height, images.Width) != (28, 28))
            throw new DataFormatException(imagesPath, 8, $"the images are {images.Height}x{images.Width}; MNIST images are 28x28");
        int from = (int)((long)slice * images.Count / slices), to = (int)((long)(slice + 1) * images.Count / slices);
        for (int i = from; i < to; i++) yield return (images.Image(i).ToArray(), images.Labels[i]);
    }

    private static string Find(string folder, string name)
    {
        foreach (string candidate in new[] { name, name + ".gz" })
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        throw new ArgumentException($"{folder} lacks {name} (or {name}.gz); an MNIST folder holds {(name.StartsWith("train", StringComparison.Ordinal) ? "train" : "t10k")}-images-idx3-ubyte and -labels-idx1-ubyte, each .gz or not.");
    }
}
