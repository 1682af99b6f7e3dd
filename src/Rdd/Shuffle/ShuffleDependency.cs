using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Shuffle;

/// <summary>A dependency through a shuffle: the stage boundary. Knows how to run one map task.</summary>
internal abstract class ShuffleDependency(IRdd rdd, int shuffleId, Partitioner partitioner) : Dependency(rdd)
{
    public int ShuffleId { get; } = shuffleId;

    public Partitioner Partitioner { get; } = partitioner;

    /// <summary>Computes parent partition <paramref name="mapId"/> and writes it partitioned for the reducers.</summary>
    public abstract MapStatus RunMapTask(int mapId, TaskContext context);
}

/// <summary>
/// Shuffle of an RDD of (K, V) pairs into combiners of type C (C = V when there is no aggregator), with an
/// optional map-side combine and an optional key ordering for the reducers' output (SortByKey).
/// </summary>
internal sealed class ShuffleDependency<K, V, C> : ShuffleDependency
{
    public ShuffleDependency(Rdd<(K, V)> parent, Partitioner partitioner, Aggregator<K, V, C>? aggregator, bool mapSideCombine,
        IComparer<K>? keyOrdering)
        : base(parent, parent.Context.NewShuffleId(), partitioner)
    {
        if (mapSideCombine && aggregator is null) throw new ArgumentException("Map-side combine needs an aggregator.");
        if (aggregator is null && typeof(C) != typeof(V)) throw new ArgumentException("Without an aggregator the combiner type must be the value type.");
        Parent = parent;
        Aggregator = aggregator;
        MapSideCombine = mapSideCombine;
        KeyOrdering = keyOrdering;
        parent.Context.MapOutputTracker.RegisterShuffle(ShuffleId, parent.NumPartitions);
    }

    public Rdd<(K, V)> Parent { get; }

    public Aggregator<K, V, C>? Aggregator { get; }

    public bool MapSideCombine { get; }

    public IComparer<K>? KeyOrdering { get; }

    public override MapStatus RunMapTask(int mapId, TaskContext context)
    {
        var records = context.Interruptible(Parent.Iterator(Parent.Partitions[mapId], context));
        return context.Env.ShuffleManager.Write(this, mapId, records, context);
    }
}
