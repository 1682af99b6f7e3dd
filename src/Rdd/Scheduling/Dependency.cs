namespace ActorNet.Rdd.Scheduling;

/// <summary>How an RDD's partitions depend on a parent RDD's partitions.</summary>
[Serializable]
internal abstract class Dependency
{
    /// <summary>The parent RDD.</summary>
    public abstract IRdd Rdd { get; }
}

/// <summary>Each child partition depends on a bounded set of parent partitions: no shuffle, same stage.</summary>
[Serializable]
internal abstract class NarrowDependency(IRdd rdd) : Dependency
{
    public override IRdd Rdd { get; } = rdd;

    public abstract IReadOnlyList<int> GetParents(int partitionId);
}

[Serializable]
internal sealed class OneToOneDependency(IRdd rdd) : NarrowDependency(rdd)
{
    public override IReadOnlyList<int> GetParents(int partitionId) => [partitionId];
}

/// <summary>Child partitions [outStart, outStart+length) map onto parent partitions [inStart, ...) (UnionRdd).</summary>
[Serializable]
internal sealed class RangeDependency(IRdd rdd, int inStart, int outStart, int length) : NarrowDependency(rdd)
{
    public override IReadOnlyList<int> GetParents(int partitionId) =>
        partitionId >= outStart && partitionId < outStart + length ? [partitionId - outStart + inStart] : [];
}

/// <summary>Any narrow mapping given as a function (CoalescedRdd, CartesianRdd).</summary>
[Serializable]
internal sealed class MappedDependency(IRdd rdd, Func<int, IReadOnlyList<int>> parents) : NarrowDependency(rdd)
{
    public override IReadOnlyList<int> GetParents(int partitionId) => parents(partitionId);
}
