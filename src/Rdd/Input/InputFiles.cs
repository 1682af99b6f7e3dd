namespace ActorNet.Rdd.Input;

/// <summary>A byte range of one input file (Hadoop's FileSplit).</summary>
internal sealed record FileSplit(string Path, long Start, long Length);

/// <summary>
/// Lists input files and cuts them into splits as Hadoop's <c>FileInputFormat</c> does for the local file
/// system: goal size = total bytes / minPartitions, split size = max(1, min(goal, 32 MiB block)), a file
/// cut while more than 1.1 split sizes remain, empty files as one empty split.
/// </summary>
internal static class InputFiles
{
    public const long BlockSize = 32L << 20;
    private const double SplitSlop = 1.1;

    /// <summary>
    /// Files named by <paramref name="path"/>: comma-separated entries, each a file, a folder (its files not
    /// starting with '_' or '.') or a file-name pattern with * and ?; sorted by path.
    /// </summary>
    public static IReadOnlyList<string> List(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var files = new List<string>();
        foreach (var raw in path.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var entry = raw.StartsWith("file://", StringComparison.Ordinal) ? raw["file://".Length..] : raw.StartsWith("file:", StringComparison.Ordinal) ? raw["file:".Length..] : raw;
            if (File.Exists(entry)) files.Add(Path.GetFullPath(entry));
            else if (Directory.Exists(entry)) files.AddRange(Directory.GetFiles(entry).Where(Visible).Select(Path.GetFullPath).Order(StringComparer.Ordinal));
            else if (entry.IndexOfAny(['*', '?']) >= 0 && Path.GetDirectoryName(Path.GetFullPath(entry)) is { } dir && Directory.Exists(dir))
            {
                var matches = Directory.GetFiles(dir, Path.GetFileName(entry)).Where(Visible).Order(StringComparer.Ordinal).ToArray();
                if (matches.Length == 0) throw new FileNotFoundException($"Input Pattern {entry} matches 0 files", entry);
                files.AddRange(matches);
            }
            else throw new FileNotFoundException($"Input path does not exist: {entry}", entry);
        }
        return files;
    }

    public static IReadOnlyList<FileSplit> Splits(IReadOnlyList<string> files, int minPartitions, long recordLength = 1)
    {
        var lengths = files.Select(f => new FileInfo(f).Length).ToArray();
        var goal = lengths.Sum() / Math.Max(minPartitions, 1);
        var splitSize = Math.Max(1, Math.Min(goal, BlockSize));
        if (recordLength > 1) splitSize = splitSize < recordLength ? recordLength : splitSize / recordLength * recordLength;
        var splits = new List<FileSplit>();
        for (var f = 0; f < files.Count; f++)
        {
            var length = lengths[f];
            if (length == 0) { splits.Add(new FileSplit(files[f], 0, 0)); continue; }
            var remaining = length;
            while ((double)remaining / splitSize > SplitSlop)
            {
                splits.Add(new FileSplit(files[f], length - remaining, splitSize));
                remaining -= splitSize;
            }
            if (remaining != 0) splits.Add(new FileSplit(files[f], length - remaining, remaining));
        }
        return splits;
    }

    /// <summary>Whole files packed into at most about <paramref name="minPartitions"/> groups of similar total size.</summary>
    public static IReadOnlyList<string[]> Groups(IReadOnlyList<string> files, int minPartitions)
    {
        var lengths = files.Select(f => new FileInfo(f).Length).ToArray();
        var maxSplit = Math.Max(1, (long)Math.Ceiling(lengths.Sum() / (double)Math.Max(minPartitions, 1)));
        var groups = new List<string[]>();
        var current = new List<string>();
        long size = 0;
        for (var i = 0; i < files.Count; i++)
        {
            current.Add(files[i]);
            size += lengths[i];
            if (size >= maxSplit) { groups.Add([.. current]); current.Clear(); size = 0; }
        }
        if (current.Count > 0) groups.Add([.. current]);
        return groups;
    }

    private static bool Visible(string file)
    {
        var name = Path.GetFileName(file);
        return !name.StartsWith('_') && !name.StartsWith('.');
    }
}
