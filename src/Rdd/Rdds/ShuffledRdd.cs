using ActorNet.Rdd.Scheduling;
using ActorNet.Rdd.Shuffle;

namespace ActorNet.Rdd.Rdds;

/// <summary>The result of a shuffle: reduce partition i holds every key the partitioner sends to i.</summary>
[Serializable]
internal sealed class ShuffledRdd<K, V, C>(ShuffleDependency<K, V, C> dependency) : Rdd<(K, C)>(dependency.Parent.Context)
{
    public override Partitioner Partitioner => dependency.Partitioner;

    internal override Partition[] GetPartitions() => [.. Enumerable.Range(0, dependency.Partitioner.NumPartitions).Select(i => new Partition(i))];

    internal override IReadOnlyList<Dependency> GetDependencies() => [dependency];

    internal override IEnumerable<(K, C)> Compute(Partition split, TaskContext context) =>
        context.Env.ShuffleManager.Read(dependency, split.Index, context);
}
