using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Rdds;

/// <summary>
/// Fewer partitions without a shuffle: each new partition reads a contiguous range of parent partitions,
/// group i taking parents [i·p/n, (i+1)·p/n) as Spark's DefaultPartitionCoalescer does when the parent
/// has no preferred locations. Asking for more partitions than the parent has keeps the parent's count.
/// </summary>
[Serializable]
internal sealed class CoalescedRdd<T>(Rdd<T> prev, int maxPartitions) : Rdd<T>(prev.Context)
{
    internal override Partition[] GetPartitions()
    {
        var parents = prev.Partitions;
        var target = Math.Min(maxPartitions, parents.Length);
        var result = new Partition[target];
        for (var i = 0; i < target; i++)
        {
            var start = (int)((long)i * parents.Length / target);
            var end = (int)((long)(i + 1) * parents.Length / target);
            result[i] = new CoalescedPartition(i, [.. Enumerable.Range(start, end - start)]);
        }
        return result;
    }

    internal override IReadOnlyList<Dependency> GetDependencies() =>
        [new MappedDependency(prev, id => ((CoalescedPartition)Partitions[id]).Parents)];

    internal override IEnumerable<T> Compute(Partition split, TaskContext context) =>
        ((CoalescedPartition)split).Parents.SelectMany(p => prev.Iterator(prev.Partitions[p], context));

    [Serializable]
    internal sealed class CoalescedPartition(int index, int[] parents) : Partition(index)
    {
        public int[] Parents { get; } = parents;
    }
}
