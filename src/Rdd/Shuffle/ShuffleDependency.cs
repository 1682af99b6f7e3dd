using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Shuffle;

/// <summary>
/// A dependency through a shuffle: the stage boundary. Knows how to run one map task. The parent RDD is not
/// shipped with the dependency (Spark's <c>@transient _rdd</c>): a reduce task needs only the shuffle's id,
/// partitioner and functions, and a map task's binary carries the parent next to the dependency
/// (<see cref="TaskBinary"/> attaches it again on the executor).
/// </summary>
[Serializable]
internal abstract class ShuffleDependency(IRdd rdd, int shuffleId, Partitioner partitioner) : Dependency
{
    [NonSerialized]
    private IRdd? _rdd = rdd;

    public override IRdd Rdd => _rdd ?? throw new InvalidOperationException(
        $"The parent RDD of shuffle {ShuffleId} is not shipped with reduce tasks; only a map task's binary carries it.");

    public int ShuffleId { get; } = shuffleId;

    public Partitioner Partitioner { get; } = partitioner;

    /// <summary>Gives a dependency read back from a map task's binary its parent again.</summary>
    internal void AttachParent(IRdd parent)
    {
        if (parent.Id != (_rdd ?? parent).Id) throw new InvalidOperationException($"Shuffle {ShuffleId} already has parent RDD {_rdd!.Id}, not {parent.Id}.");
        _rdd = parent;
    }

    /// <summary>Computes parent partition <paramref name="mapId"/> and writes it partitioned for the reducers.</summary>
    public abstract MapStatus RunMapTask(int mapId, TaskContext context);
}

/// <summary>
/// Shuffle of an RDD of (K, V) pairs into combiners of type C (C = V when there is no aggregator), with an
/// optional map-side combine and an optional key ordering for the reducers' output (SortByKey).
/// </summary>
[Serializable]
internal sealed class ShuffleDependency<K, V, C> : ShuffleDependency
{
    public ShuffleDependency(Rdd<(K, V)> parent, Partitioner partitioner, Aggregator<K, V, C>? aggregator, bool mapSideCombine,
        IComparer<K>? keyOrdering)
        : base(parent, parent.Context.NewShuffleId(), partitioner)
    {
        if (mapSideCombine && aggregator is null) throw new ArgumentException("Map-side combine needs an aggregator.");
        parent.Context.ShuffleCleaner.Register(this);
        if (aggregator is null && typeof(C) != typeof(V)) throw new ArgumentException("Without an aggregator the combiner type must be the value type.");
        Aggregator = aggregator;
        MapSideCombine = mapSideCombine;
        KeyOrdering = keyOrdering;
        parent.Context.MapOutputTracker.RegisterShuffle(ShuffleId, parent.NumPartitions);
    }

    public Rdd<(K, V)> Parent => (Rdd<(K, V)>)Rdd;

    public Aggregator<K, V, C>? Aggregator { get; }

    public bool MapSideCombine { get; }

    public IComparer<K>? KeyOrdering { get; }

    public override MapStatus RunMapTask(int mapId, TaskContext context)
    {
        var parent = Parent;
        var records = context.Interruptible(parent.Iterator(parent.Partitions[mapId], context));
        return context.Env.ShuffleManager.Write(this, mapId, records, context);
    }
}
