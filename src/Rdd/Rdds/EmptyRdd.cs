using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Rdds;

/// <summary>An RDD with no partitions.</summary>
[Serializable]
internal sealed class EmptyRdd<T>(ClusterContext context) : Rdd<T>(context)
{
    internal override Partition[] GetPartitions() => [];

    internal override IReadOnlyList<Dependency> GetDependencies() => [];

    internal override IEnumerable<T> Compute(Partition split, TaskContext context) => throw new InvalidOperationException("An empty RDD has no partitions.");
}
