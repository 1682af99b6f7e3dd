using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Input;

/// <summary>Lines of text files, one partition per Hadoop-style split (Spark's <c>textFile</c>).</summary>
[Serializable]
internal sealed class TextFileRdd(ClusterContext context, IReadOnlyList<FileSplit> splits) : Rdd<string>(context)
{
    internal override string KindName => "HadoopRdd";

    internal override Partition[] GetPartitions() => [.. splits.Select((s, i) => new Partition(i))];

    internal override IReadOnlyList<Dependency> GetDependencies() => [];

    internal override IEnumerable<string> Compute(Partition split, TaskContext context) => LineReader.Lines(splits[split.Index]);
}

/// <summary>Fixed-length binary records; splits are whole numbers of records (Spark's <c>binaryRecords</c>).</summary>
[Serializable]
internal sealed class BinaryRecordsRdd(ClusterContext context, IReadOnlyList<FileSplit> splits, int recordLength) : Rdd<byte[]>(context)
{
    internal override string KindName => "BinaryRecordsRdd";

    internal override Partition[] GetPartitions() => [.. splits.Select((s, i) => new Partition(i))];

    internal override IReadOnlyList<Dependency> GetDependencies() => [];

    internal override IEnumerable<byte[]> Compute(Partition split, TaskContext context)
    {
        var s = splits[split.Index];
        using var stream = new FileStream(s.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        stream.Position = s.Start;
        for (long read = 0; read < s.Length; read += recordLength)
        {
            var record = new byte[recordLength];
            stream.ReadExactly(record);
            yield return record;
        }
    }
}

/// <summary>Whole files as (path, content), files grouped into partitions (Spark's <c>wholeTextFiles</c> / <c>binaryFiles</c>).</summary>
[Serializable]
internal sealed class WholeFileRdd<T>(ClusterContext context, IReadOnlyList<string[]> groups, Func<string, T> read, string kind)
    : Rdd<(string, T)>(context)
{
    internal override string KindName => kind;

    internal override Partition[] GetPartitions() => [.. groups.Select((g, i) => new Partition(i))];

    internal override IReadOnlyList<Dependency> GetDependencies() => [];

    internal override IEnumerable<(string, T)> Compute(Partition split, TaskContext context) =>
        groups[split.Index].Select(path => (path, read(path)));
}

/// <summary>The elements SaveAsObjectFile wrote, one partition per file (Spark's <c>objectFile</c>).</summary>
[Serializable]
internal sealed class ObjectFileRdd<T>(ClusterContext context, IReadOnlyList<string> files) : Rdd<T>(context)
{
    internal override string KindName => "ObjectFileRdd";

    internal override Partition[] GetPartitions() => [.. files.Select((_, i) => new Partition(i))];

    internal override IReadOnlyList<Dependency> GetDependencies() => [];

    internal override IEnumerable<T> Compute(Partition split, TaskContext context) => ObjectFiles.Read<T>(files[split.Index], context.Env.Serializer);
}
