using System.Globalization;
using ActorNet.Rdd.Shuffle;

namespace ActorNet.Rdd.Scheduling;

/// <summary>
/// Formats an RDD's lineage the way Spark's <c>RDD.toDebugString</c> does: "(N) Rdd[id] at site [level]",
/// "|" for narrow dependencies, "+-(N)" where a shuffle starts a new stage, and cached partition sizes.
/// </summary>
internal static class LineagePrinter
{
    public static string Print(IRdd rdd) => string.Join("\n", First(rdd));

    private static IEnumerable<string> Self(IRdd rdd)
    {
        var level = rdd.StorageLevel.IsValid ? rdd.StorageLevel.Description : "";
        yield return $"{rdd.Describe()} [{level}]";
        var (count, memory, disk) = rdd.Context.BlockManagerMaster.RddStorage(rdd.Id);
        if (count > 0) yield return $"    CachedPartitions: {count}; MemorySize: {Bytes(memory)}; DiskSize: {Bytes(disk)}";
    }

    private static IEnumerable<string> Children(IRdd rdd, string prefix)
    {
        var deps = rdd.Dependencies;
        for (var i = 0; i < deps.Count; i++)
            foreach (var line in DebugString(deps[i].Rdd, prefix, deps[i] is ShuffleDependency, i == deps.Count - 1))
                yield return line;
    }

    private static IEnumerable<string> First(IRdd rdd)
    {
        var partitionStr = $"({rdd.Partitions.Length})";
        var leftOffset = (partitionStr.Length - 1) / 2;
        var nextPrefix = new string(' ', leftOffset) + "|" + new string(' ', partitionStr.Length - leftOffset);
        var index = 0;
        foreach (var desc in Self(rdd)) yield return index++ == 0 ? $"{partitionStr} {desc}" : $"{nextPrefix} {desc}";
        foreach (var line in Children(rdd, nextPrefix)) yield return line;
    }

    private static IEnumerable<string> Shuffle(IRdd rdd, string prefix, bool isLastChild)
    {
        var partitionStr = $"({rdd.Partitions.Length})";
        var leftOffset = (partitionStr.Length - 1) / 2;
        var thisPrefix = TrimTrailingBar(prefix);
        var nextPrefix = thisPrefix + (isLastChild ? "  " : "| ") + new string(' ', leftOffset) + "|" +
                         new string(' ', partitionStr.Length - leftOffset);
        var index = 0;
        foreach (var desc in Self(rdd)) yield return index++ == 0 ? $"{thisPrefix}+-{partitionStr} {desc}" : $"{nextPrefix}{desc}";
        foreach (var line in Children(rdd, nextPrefix)) yield return line;
    }

    private static IEnumerable<string> DebugString(IRdd rdd, string prefix, bool isShuffle, bool isLastChild)
    {
        if (isShuffle) return Shuffle(rdd, prefix, isLastChild);
        return Self(rdd).Select(line => prefix + line).Concat(Children(rdd, prefix));
    }

    // Spark: prefix.replaceAll("\\|\\s+$", "") drops a final bar and the spaces after it.
    private static string TrimTrailingBar(string prefix)
    {
        var trimmed = prefix.TrimEnd(' ');
        return trimmed.Length < prefix.Length && trimmed.EndsWith('|') ? trimmed[..^1] : prefix;
    }

    internal static string Bytes(long size)
    {
        const long KiB = 1L << 10, MiB = 1L << 20, GiB = 1L << 30, TiB = 1L << 40;
        var (value, unit) = size switch
        {
            >= 2 * TiB => ((double)size / TiB, "TiB"),
            >= 2 * GiB => ((double)size / GiB, "GiB"),
            >= 2 * MiB => ((double)size / MiB, "MiB"),
            >= 2 * KiB => ((double)size / KiB, "KiB"),
            _ => (size, "B"),
        };
        return string.Format(CultureInfo.InvariantCulture, "{0:0.0} {1}", value, unit);
    }
}
