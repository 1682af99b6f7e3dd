namespace ActorNet.Rdd.Scheduling;

/// <summary>How an RDD's partitions depend on a parent RDD's partitions.</summary>
internal abstract class Dependency(IRdd rdd)
{
    public IRdd Rdd { get; } = rdd;
}

/// <summary>Each child partition depends on a bounded set of parent partitions: no shuffle, same stage.</summary>
internal abstract class NarrowDependency(IRdd rdd) : Dependency(rdd)
{
    public abstract IReadOnlyList<int> GetParents(int partitionId);
}

internal sealed class OneToOneDependency(IRdd rdd) : NarrowDependency(rdd)
{
    public override IReadOnlyList<int> GetParents(int partitionId) => [partitionId];
}

/// <summary>Child partitions [outStart, outStart+length) map onto parent partitions [inStart, ...) (UnionRdd).</summary>
internal sealed class RangeDependency(IRdd rdd, int inStart, int outStart, int length) : NarrowDependency(rdd)
{
    public override IReadOnlyList<int> GetParents(int partitionId) =>
        partitionId >= outStart && partitionId < outStart + length ? [partitionId - outStart + inStart] : [];
}

/// <summary>Any narrow mapping given as a function (CoalescedRdd, CartesianRdd).</summary>
internal sealed class MappedDependency(IRdd rdd, Func<int, IReadOnlyList<int>> parents) : NarrowDependency(rdd)
{
    public override IReadOnlyList<int> GetParents(int partitionId) => parents(partitionId);
}
