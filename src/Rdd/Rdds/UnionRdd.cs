using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Rdds;

/// <summary>The partitions of several RDDs one after another.</summary>
[Serializable]
internal sealed class UnionRdd<T>(ClusterContext context, IReadOnlyList<Rdd<T>> rdds) : Rdd<T>(context)
{
    internal override Partition[] GetPartitions()
    {
        var result = new List<Partition>();
        for (var r = 0; r < rdds.Count; r++)
            foreach (var p in rdds[r].Partitions) result.Add(new UnionPartition(result.Count, r, p));
        return [.. result];
    }

    internal override IReadOnlyList<Dependency> GetDependencies()
    {
        var deps = new List<Dependency>();
        var pos = 0;
        foreach (var rdd in rdds)
        {
            deps.Add(new RangeDependency(rdd, 0, pos, rdd.NumPartitions));
            pos += rdd.NumPartitions;
        }
        return deps;
    }

    internal override IEnumerable<T> Compute(Partition split, TaskContext context)
    {
        var p = (UnionPartition)split;
        return rdds[p.ParentRdd].Iterator(p.ParentPartition, context);
    }

    [Serializable]
    private sealed class UnionPartition(int index, int parentRdd, Partition parentPartition) : Partition(index)
    {
        public int ParentRdd { get; } = parentRdd;

        public Partition ParentPartition { get; } = parentPartition;
    }
}
