namespace ActorNet.Rdd;

public sealed partial class ClusterContext
{
    /// <summary>Ships a read-only value to the executors once; tasks read it through <see cref="Broadcast{T}.Value"/>.</summary>
    public Broadcast<T> Broadcast<T>(T value)
    {
        RequireDriver("Creating a broadcast");
        var id = Interlocked.Increment(ref _nextBroadcastId) - 1;
        // Kept for executors of a cluster, which fetch the value from the driver on first use.
        _broadcastValues[id] = value;
        return new Broadcast<T>(id, value) { OnRelease = ReleaseBroadcast };
    }

    /// <summary>Creates and registers an unnamed <see cref="Rdd.LongAccumulator"/>.</summary>
    public LongAccumulator LongAccumulator() => Registered(new LongAccumulator(), null);

    /// <summary>Creates and registers a <see cref="Rdd.LongAccumulator"/> named <paramref name="name"/>.</summary>
    public LongAccumulator LongAccumulator(string name) => Registered(new LongAccumulator(), name);

    /// <summary>Creates and registers an unnamed <see cref="Rdd.DoubleAccumulator"/>.</summary>
    public DoubleAccumulator DoubleAccumulator() => Registered(new DoubleAccumulator(), null);

    /// <summary>Creates and registers a <see cref="Rdd.DoubleAccumulator"/> named <paramref name="name"/>.</summary>
    public DoubleAccumulator DoubleAccumulator(string name) => Registered(new DoubleAccumulator(), name);

    /// <summary>Creates and registers an unnamed <see cref="Rdd.CollectionAccumulator{T}"/>.</summary>
    public CollectionAccumulator<T> CollectionAccumulator<T>() => Registered(new CollectionAccumulator<T>(), null);

    /// <summary>Creates and registers a <see cref="Rdd.CollectionAccumulator{T}"/> named <paramref name="name"/>.</summary>
    public CollectionAccumulator<T> CollectionAccumulator<T>(string name) => Registered(new CollectionAccumulator<T>(), name);

    /// <summary>Registers an accumulator (custom ones included) so that tasks' updates reach it.</summary>
    public void Register<TIn, TOut>(AccumulatorV2<TIn, TOut> accumulator, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        RequireDriver("Registering an accumulator");
        var id = Interlocked.Increment(ref _nextAccumulatorId) - 1;
        accumulator.MarkRegistered(id, name);
        lock (_accumulators) _accumulators[id] = new WeakReference<IAccumulator>(accumulator);
    }

    private LongAccumulator Registered(LongAccumulator accumulator, string? name)
    {
        Register(accumulator, name);
        return accumulator;
    }

    private DoubleAccumulator Registered(DoubleAccumulator accumulator, string? name)
    {
        Register(accumulator, name);
        return accumulator;
    }

    private CollectionAccumulator<T> Registered<T>(CollectionAccumulator<T> accumulator, string? name)
    {
        Register(accumulator, name);
        return accumulator;
    }

    private IAccumulator? FindAccumulator(long id)
    {
        lock (_accumulators) return _accumulators.TryGetValue(id, out var weak) && weak.TryGetTarget(out var acc) ? acc : null;
    }
}
