namespace ActorNet.Gpu;

/// <summary>What reading one tar shard gave: images, and the entries skipped by reason with a few examples.</summary>
public sealed class ImageNetShardReport(string tarPath)
{
    private const int Examples = 3;
    private readonly Dictionary<SkipReason, (int Count, List<string> Examples)> _skipped = [];

    /// <summary>The tar read.</summary>
    public string TarPath { get; } = tarPath;

    /// <summary>Images decoded and returned.</summary>
    public int Images { get; internal set; }

    /// <summary>Why the shard ended before the tar's end marker (truncated or corrupt tar), or null.</summary>
    public string? EndedEarly { get; internal set; }

    /// <summary>Entries skipped for <paramref name="reason"/>.</summary>
    public int Skipped(SkipReason reason) => _skipped.TryGetValue(reason, out var s) ? s.Count : 0;

    /// <summary>Whether anything was skipped or the tar ended early: the report is then worth a warning.</summary>
    public bool HasProblems => _skipped.Count > 0 || EndedEarly is not null;

    internal void Skip(SkipReason reason, string example)
    {
        if (!_skipped.TryGetValue(reason, out var s)) s = (0, []);
        if (s.Examples.Count < Examples) s.Examples.Add(example);
        _skipped[reason] = (s.Count + 1, s.Examples);
    }

    /// <summary>One line: the tar, the images read, each kind of skip with its count and first examples, and an early end.</summary>
    public override string ToString()
    {
        var parts = new List<string> { $"{TarPath}: {Images} images" };
        foreach (var (reason, (count, examples)) in _skipped.OrderBy(s => s.Key))
        {
            string what = reason switch
            {
                SkipReason.Directory => "directory entries",
                SkipReason.NotAFile => "entries that are not regular files",
                SkipReason.Unlabelled => "files not in the label list",
                _ => "corrupt JPEGs",
            };
            parts.Add($"skipped {count} {what} ({string.Join("; ", examples)}{(count > examples.Count ? "; …" : "")})");
        }
        if (EndedEarly is not null) parts.Add(EndedEarly);
        return string.Join(", ", parts);
    }
}
