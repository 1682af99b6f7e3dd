using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Rdds;

/// <summary>Applies a function to partition i of two RDDs with the same number of partitions (Zip, ZipPartitions).</summary>
[Serializable]
internal sealed class ZippedPartitionsRdd<A, B, V>(Rdd<A> first, Rdd<B> second, Func<IEnumerable<A>, IEnumerable<B>, IEnumerable<V>> f,
    bool preservesPartitioning = false) : Rdd<V>(first.Context)
{
    public override Partitioner? Partitioner => preservesPartitioning ? first.Partitioner : null;

    internal override Partition[] GetPartitions()
    {
        if (first.NumPartitions != second.NumPartitions)
            throw new ArgumentException($"Can't zip RDDs with unequal numbers of partitions: {first.NumPartitions} and {second.NumPartitions} ({first} and {second}).");
        return [.. Enumerable.Range(0, first.NumPartitions).Select(i => new Partition(i))];
    }

    internal override IReadOnlyList<Dependency> GetDependencies() => [new OneToOneDependency(first), new OneToOneDependency(second)];

    internal override IEnumerable<V> Compute(Partition split, TaskContext context) =>
        f(first.Iterator(first.Partitions[split.Index], context), second.Iterator(second.Partitions[split.Index], context));
}
