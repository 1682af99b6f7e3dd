namespace ActorNet.CifarApp;

/// <summary>
/// Where CIFAR-10's binary batches are and how they are split into partitions: each partition is one slice of
/// one batch file, read by the worker that computes it (the files must exist on every worker, as SparkNet's
/// workers read their local copy).
/// </summary>
internal static class CifarData
{
    public const string DefaultFolder = "cifar-10-batches-bin";
    public static readonly string[] TrainFiles = [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];
    public const string TestFile = "test_batch.bin";

    /// <summary>
    /// The folder holding the six batch files (<paramref name="folder"/> or its cifar-10-batches-bin subfolder),
    /// or null after naming on <paramref name="error"/> exactly what is missing.
    /// </summary>
    public static string? Locate(string folder, TextWriter error)
    {
        string expected = $"{string.Join(", ", TrainFiles)} and {TestFile} (CIFAR-10's binary version, cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html, extracted)";
        if (!Directory.Exists(folder))
        {
            error.WriteLine($"CifarApp: data folder {folder} does not exist; it should hold {expected}. Pass it with --data DIR.");
            return null;
        }
        string nested = Path.Combine(folder, DefaultFolder);
        string dir = Directory.Exists(nested) ? nested : folder;
        string[] missing = [.. TrainFiles.Append(TestFile).Where(f => !File.Exists(Path.Combine(dir, f)))];
        if (missing.Length > 0)
        {
            error.WriteLine($"CifarApp: {dir} lacks {string.Join(", ", missing)}; it should hold {expected}.");
            return null;
        }
        return Path.GetFullPath(dir);
    }

    /// <summary>
    /// One (file, slice, slices) per partition: every file in at least <paramref name="partitions"/> ÷ files slices,
    /// so there are at least as many partitions as workers.
    /// </summary>
    public static (string Path, int Slice, int Slices)[] Plan(string folder, IReadOnlyList<string> files, int partitions)
    {
        int slices = Math.Max(1, (partitions + files.Count - 1) / files.Count);
        return [.. files.SelectMany(f => Enumerable.Range(0, slices).Select(s => (Path.Combine(folder, f), s, slices)))];
    }
}
