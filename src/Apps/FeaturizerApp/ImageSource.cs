using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.FeaturizerApp;

/// <summary>
/// The images a run featurizes: one of the three layouts ActorNet's apps train on, found in the --data folder, with
/// the shape of their 8-bit images and a reader that runs on the workers (each reads its part of the files where it
/// runs, so the folder must exist on every worker, as with the training apps).
/// </summary>
internal abstract record ImageSource(string Folder, bool Train)
{
    /// <summary>The --input name of the layout.</summary>
    public abstract string Format { get; }

    /// <summary>Channels, height and width of an image as read (before any crop).</summary>
    public abstract (int Channels, int Height, int Width) Shape { get; }

    /// <summary>The pixel scale the training app of this layout used (MnistApp: 1/256; CifarApp and ImageNetApp: none).</summary>
    public virtual float DefaultScale => 1f;

    /// <summary>The files read, for the summary line.</summary>
    public abstract IReadOnlyList<string> Files { get; }

    /// <summary>
    /// The images in file order, (channel-major bytes, label); at least <paramref name="partitions"/> partitions where
    /// the layout can be split that finely. Problems a reader survives (a truncated CIFAR batch, a JPEG that does not
    /// decode) go to <paramref name="warnings"/>; a malformed file fails the job with an error naming it.
    /// </summary>
    public abstract Rdd<(byte[] Pixels, int Label)> Read(ClusterContext context, int partitions, CollectionAccumulator<string> warnings);

    /// <summary>The layouts, for error messages.</summary>
    public const string Expected =
        "mnist (Fashion-MNIST / MNIST IDX files: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-…), " +
        "cifar (CIFAR-10 binary batches: data_batch_1.bin … data_batch_5.bin, test_batch.bin) or " +
        "imagenet (train.txt / val.txt label lists and train/ / val/ folders of *.tar shards of JPEGs)";

    /// <summary>
    /// The source for <paramref name="folder"/>: of layout <paramref name="format"/> (mnist, cifar, imagenet), or the one
    /// the folder's files show when it is null. Throws <see cref="ArgumentException"/> naming what is missing.
    /// </summary>
    public static ImageSource Locate(string folder, string? format, bool train, int resize)
    {
        if (!Directory.Exists(folder)) throw new ArgumentException($"data folder {folder} does not exist; it should hold {Expected}.");
        folder = Path.GetFullPath(folder);
        format ??= Detect(folder)
            ?? throw new ArgumentException($"{folder} holds none of the image layouts FeaturizerApp reads: {Expected}. Name one with --input if its files are elsewhere.");
        return format switch
        {
            "mnist" => MnistSource.In(folder, train),
            "cifar" => CifarSource.In(folder, train),
            "imagenet" => ImageNetSource.In(folder, train, resize),
            _ => throw new ArgumentException($"--input {format} is unknown; the inputs are mnist, cifar and imagenet."),
        };
    }

    private static string? Detect(string folder)
    {
        if (Directory.EnumerateFiles(folder, "*-images-idx3-ubyte*").Any()) return "mnist";
        if (File.Exists(Path.Combine(folder, CifarSource.TestFile)) || File.Exists(Path.Combine(folder, CifarSource.TrainFiles[0]))
            || Directory.Exists(Path.Combine(folder, CifarSource.NestedFolder))) return "cifar";
        if (File.Exists(Path.Combine(folder, "train.txt")) || File.Exists(Path.Combine(folder, "val.txt"))) return "imagenet";
        return null;
    }
}
