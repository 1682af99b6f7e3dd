using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Rdds;

/// <summary>
/// Pairs each element with its global index: partition k's first index is the element count of the
/// partitions before it, found by a job when the RDD is created (as Spark does).
/// </summary>
[Serializable]
internal sealed class ZippedWithIndexRdd<T> : Rdd<(T, long)>
{
    private readonly Rdd<T> _prev;
    private readonly long[] _startIndices;

    public ZippedWithIndexRdd(Rdd<T> prev) : base(prev.Context)
    {
        _prev = prev;
        var n = prev.NumPartitions;
        _startIndices = new long[n];
        if (n > 1)
        {
            var counts = prev.Context.RunJob(prev, (_, items) => items.LongCount(), [.. Enumerable.Range(0, n - 1)]);
            for (var i = 1; i < n; i++) _startIndices[i] = _startIndices[i - 1] + counts[i - 1];
        }
    }

    internal override Partition[] GetPartitions() => _prev.Partitions;

    internal override IReadOnlyList<Dependency> GetDependencies() => [new OneToOneDependency(_prev)];

    internal override IEnumerable<(T, long)> Compute(Partition split, TaskContext context)
    {
        var index = _startIndices[split.Index];
        foreach (var item in _prev.Iterator(split, context)) yield return (item, index++);
    }
}
