using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.FeaturizerApp;

/// <summary>
/// CIFAR-10's binary batches (the folder or its cifar-10-batches-bin subfolder): the five training batches or the
/// test batch, each file split into slices read by the workers, as CifarApp reads them.
/// </summary>
internal sealed record CifarSource(string Folder, bool Train, string[] BatchFiles) : ImageSource(Folder, Train)
{
    public const string NestedFolder = "cifar-10-batches-bin";
    public const string TestFile = "test_batch.bin";
    public static readonly string[] TrainFiles = [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];

    /// <inheritdoc />
    public override string Format => "cifar";

    /// <inheritdoc />
    public override (int Channels, int Height, int Width) Shape => (3, 32, 32);

    /// <inheritdoc />
    public override IReadOnlyList<string> Files => BatchFiles;

    public static CifarSource In(string folder, bool train)
    {
        string nested = Path.Combine(folder, NestedFolder);
        string dir = Directory.Exists(nested) ? nested : folder;
        string[] names = train ? TrainFiles : [TestFile];
        string[] missing = [.. names.Where(f => !File.Exists(Path.Combine(dir, f)))];
        if (missing.Length > 0)
            throw new ArgumentException($"{dir} lacks {string.Join(", ", missing)} (CIFAR-10's binary version, extracted; --split {(train ? "train reads data_batch_1.bin … data_batch_5.bin" : "test reads test_batch.bin")}).");
        return new CifarSource(folder, train, [.. names.Select(f => Path.Combine(dir, f))]);
    }

    /// <inheritdoc />
    public override Rdd<(byte[] Pixels, int Label)> Read(ClusterContext context, int partitions, CollectionAccumulator<string> warnings)
    {
        int slices = Math.Max(1, (partitions + BatchFiles.Length - 1) / BatchFiles.Length);
        (string Path, int Slice, int Slices)[] plan = [.. BatchFiles.SelectMany(f => Enumerable.Range(0, slices).Select(s => (f, s, slices)))];
        return context.Parallelize(plan, plan.Length).FlatMap(part => ReadSlice(part, warnings));
    }

    // Runs on a worker: a truncated file costs its last record (a warning naming the file and offset); a bad label fails the job.
    private static IEnumerable<(byte[] Pixels, int Label)> ReadSlice((string Path, int Slice, int Slices) part, CollectionAccumulator<string> warnings)
    {
        var slice = CifarBatchSlice.Read(part.Path, part.Slice, part.Slices);
        if (slice.Warning is not null) warnings.Add(slice.Warning);
        var images = slice.Images;
        for (int i = 0; i < images.Count; i++) yield return (images.Image(i).ToArray(), images.Labels[i]);
    }
}
