using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.FeaturizerApp;

/// <summary>
/// ImageNet in the layout ImageNetApp reads (SparkNet's upload script's): <c>train.txt</c> or <c>val.txt</c> labelling
/// the JPEGs in the tar shards of <c>train/</c> or <c>val/</c>; one partition per tar, decoded with libjpeg-turbo and
/// resized to --resize² on the worker.
/// </summary>
internal sealed record ImageNetSource(string Folder, bool Train, string LabelList, string[] Tars, int Resize) : ImageSource(Folder, Train)
{
    /// <inheritdoc />
    public override string Format => "imagenet";

    /// <inheritdoc />
    public override (int Channels, int Height, int Width) Shape => (3, Resize, Resize);

    /// <inheritdoc />
    public override IReadOnlyList<string> Files => Tars;

    public static ImageNetSource In(string folder, bool train, int resize)
    {
        string split = train ? "train" : "val";
        string list = Path.Combine(folder, $"{split}.txt"), shards = Path.Combine(folder, split);
        var missing = new List<string>();
        if (!File.Exists(list)) missing.Add($"{split}.txt ('<file name> <label>' per line)");
        string[] tars = Directory.Exists(shards) ? [.. Directory.GetFiles(shards, "*.tar").Order(StringComparer.Ordinal)] : [];
        if (tars.Length == 0) missing.Add($"{split}/*.tar (tar shards of JPEGs)");
        if (missing.Count > 0) throw new ArgumentException($"{folder} lacks {string.Join(" and ", missing)}, the ImageNet layout ImageNetApp reads.");
        if (!JpegCodec.IsAvailable) throw new NotSupportedException(JpegCodec.MissingLibraryMessage);
        return new ImageNetSource(folder, train, list, tars, resize);
    }

    /// <inheritdoc />
    public override Rdd<(byte[] Pixels, int Label)> Read(ClusterContext context, int partitions, CollectionAccumulator<string> warnings)
    {
        string list = LabelList;
        int size = Resize;
        return context.Parallelize(Tars, Tars.Length).FlatMap(tar => ImageNetShard.Read(tar, ImageNetLabels.Read(list), size, report =>
        {
            if (report.HasProblems) warnings.Add(report.ToString());
        }));
    }
}
