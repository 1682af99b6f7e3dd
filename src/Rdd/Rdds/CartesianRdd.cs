using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Rdds;

/// <summary>Every pair (a, b): partition i·n₂ + j pairs partition i of the first RDD with partition j of the second.</summary>
[Serializable]
internal sealed class CartesianRdd<A, B>(Rdd<A> first, Rdd<B> second) : Rdd<(A, B)>(first.Context)
{
    internal override Partition[] GetPartitions()
    {
        var n2 = second.NumPartitions;
        return [.. Enumerable.Range(0, first.NumPartitions * n2).Select(i => new Partition(i))];
    }

    internal override IReadOnlyList<Dependency> GetDependencies() =>
    [
        new MappedDependency(first, id => [id / second.NumPartitions]),
        new MappedDependency(second, id => [id % second.NumPartitions]),
    ];

    internal override IEnumerable<(A, B)> Compute(Partition split, TaskContext context)
    {
        var n2 = second.NumPartitions;
        var right = second.Iterator(second.Partitions[split.Index % n2], context).ToArray();
        foreach (var a in first.Iterator(first.Partitions[split.Index / n2], context))
            foreach (var b in right)
                yield return (a, b);
    }
}
