namespace ActorNet.Rdd;

public sealed partial class ClusterContext
{
    /// <summary>Ships a read-only value to the executors once; tasks read it through <see cref="Broadcast{T}.Value"/>.</summary>
    public Broadcast<T> Broadcast<T>(T value) => new(Interlocked.Increment(ref _nextBroadcastId) - 1, value);

    /// <summary>Creates and registers a <see cref="Rdd.LongAccumulator"/>.</summary>
    public LongAccumulator LongAccumulator(string? name = null)
    {
        var acc = new LongAccumulator();
        Register(acc, name);
        return acc;
    }

    /// <summary>Creates and registers a <see cref="Rdd.DoubleAccumulator"/>.</summary>
    public DoubleAccumulator DoubleAccumulator(string? name = null)
    {
        var acc = new DoubleAccumulator();
        Register(acc, name);
        return acc;
    }

    /// <summary>Creates and registers a <see cref="CollectionAccumulator{T}"/>.</summary>
    public CollectionAccumulator<T> CollectionAccumulator<T>(string? name = null)
    {
        var acc = new CollectionAccumulator<T>();
        Register(acc, name);
        return acc;
    }

    /// <summary>Registers an accumulator (custom ones included) so that tasks' updates reach it.</summary>
    public void Register<TIn, TOut>(AccumulatorV2<TIn, TOut> accumulator, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        var id = Interlocked.Increment(ref _nextAccumulatorId) - 1;
        accumulator.MarkRegistered(id, name);
        lock (_accumulators) _accumulators[id] = new WeakReference<IAccumulator>(accumulator);
    }

    private IAccumulator? FindAccumulator(long id)
    {
        lock (_accumulators) return _accumulators.TryGetValue(id, out var weak) && weak.TryGetTarget(out var acc) ? acc : null;
    }
}
