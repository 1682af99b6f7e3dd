using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Rdds;

/// <summary>Applies a function to each partition of the parent (Map, Filter, FlatMap, MapPartitions, …).</summary>
[Serializable]
internal sealed class MapPartitionsRdd<T, U>(Rdd<T> prev, Func<TaskContext, int, IEnumerable<T>, IEnumerable<U>> f, bool preservesPartitioning = false)
    : Rdd<U>(prev.Context)
{
    public override Partitioner? Partitioner => preservesPartitioning ? prev.Partitioner : null;

    internal override Partition[] GetPartitions() => prev.Partitions;

    internal override IReadOnlyList<Dependency> GetDependencies() => [new OneToOneDependency(prev)];

    internal override IEnumerable<U> Compute(Partition split, TaskContext context) => f(context, split.Index, prev.Iterator(split, context));
}
