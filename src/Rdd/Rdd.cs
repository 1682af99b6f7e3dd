using ActorNet.Rdd.Closures;
using ActorNet.Rdd.Rdds;
using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd;

/// <summary>
/// A resilient distributed dataset (Spark's <c>RDD</c>): an immutable, partitioned collection computed
/// lazily from its lineage. Transformations return new RDDs and run nothing; actions run a job. Each kind
/// of transformation is its own internal subclass answering only its partitions, its dependencies and
/// how to compute one partition.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[Serializable]
public abstract partial class Rdd<T> : IRdd, IReplacedWhenShipped
{
    // Computed on first use and then fixed, as in Spark. Not shipped with tasks (Spark's @transient): an executor
    // recomputes them from the fields the subclass ships, and a task binary stays small.
    [NonSerialized]
    private Partition[]? _partitions;
    [NonSerialized]
    private IReadOnlyList<Dependency>? _dependencies;

    // Set by Checkpoint(); the checkpoint is written after the next job that computes this RDD.
    private bool _checkpointRequested;

    // Once written, the checkpoint replaces this RDD's lineage.
    private CheckpointRdd<T>? _checkpoint;

    internal Rdd(ClusterContext context)
    {
        Context = context;
        Id = context.NewRddId();
        CreationSite = CallSite.Capture();
    }

    /// <summary>The context this RDD belongs to.</summary>
    public ClusterContext Context { get; }

    /// <summary>A number unique to this RDD within its context.</summary>
    public int Id { get; }

    /// <summary>A name given with <see cref="SetName"/>, shown in <see cref="ToDebugString"/>.</summary>
    public string? Name { get; private set; }

    /// <summary>How many partitions the RDD has.</summary>
    public int NumPartitions => Partitions.Length;

    /// <summary>How the RDD's keys are partitioned, when it came out of a shuffle that says so.</summary>
    public virtual Partitioner? Partitioner => null;

    /// <summary>The storage level given by <see cref="Persist"/>, or <see cref="StorageLevel.None"/>.</summary>
    public StorageLevel StorageLevel { get; private set; } = StorageLevel.None;

    /// <summary>True once a checkpoint was written and replaced the lineage.</summary>
    public bool IsCheckpointed => _checkpoint is not null;

    internal string CreationSite { get; }

    internal Partition[] Partitions => _checkpoint?.Partitions ?? (_partitions ??= GetPartitions());

    internal IReadOnlyList<Dependency> Dependencies =>
        _checkpoint is { } c ? [new OneToOneDependency(c)] : _dependencies ??= GetDependencies();

    Partition[] IRdd.Partitions => Partitions;

    IReadOnlyList<Dependency> IRdd.Dependencies => Dependencies;

    /// <summary>Gives the RDD a name shown in lineage output.</summary>
    public Rdd<T> SetName(string name)
    {
        Name = name;
        return this;
    }

    /// <summary>Keeps computed partitions at <paramref name="level"/> so later jobs reuse them.</summary>
    public Rdd<T> Persist(StorageLevel level)
    {
        ArgumentNullException.ThrowIfNull(level);
        if (StorageLevel.IsValid && StorageLevel != level)
            throw new InvalidOperationException($"Cannot change the storage level of RDD {Id} from {StorageLevel.Description} to {level.Description}; call Unpersist first.");
        StorageLevel = level;
        Context.RegisterPersistent(this);
        return this;
    }

    /// <summary>Persists at <see cref="StorageLevel.MemoryOnly"/>.</summary>
    public Rdd<T> Cache() => Persist(StorageLevel.MemoryOnly);

    /// <summary>Drops the cached partitions and stops persisting.</summary>
    public Rdd<T> Unpersist(bool blocking = false)
    {
        Context.RemoveCachedRdd(Id, NumPartitions);
        Context.UnregisterPersistent(Id);
        StorageLevel = StorageLevel.None;
        return this;
    }

    /// <summary>
    /// Marks the RDD for checkpointing into the context's checkpoint directory: after the next job that
    /// computes it, its partitions are saved there and its lineage is cut. Persist it first to avoid
    /// computing it twice.
    /// </summary>
    public void Checkpoint()
    {
        if (Context.CheckpointDir is null)
            throw new InvalidOperationException("Checkpoint directory has not been set in the ClusterContext; call SetCheckpointDir first.");
        _checkpointRequested = true;
    }

    /// <summary>The folder holding this RDD's checkpoint, or null if it has none.</summary>
    public string? GetCheckpointFile() => _checkpoint?.Directory;

    /// <summary>The lineage, formatted as Spark's <c>toDebugString</c>.</summary>
    public string ToDebugString() => LineagePrinter.Print(this);

    /// <inheritdoc />
    public override string ToString() => Describe();

    internal abstract Partition[] GetPartitions();

    internal abstract IReadOnlyList<Dependency> GetDependencies();

    internal abstract IEnumerable<T> Compute(Partition split, TaskContext context);

    internal virtual IReadOnlyList<TaskLocation> GetPreferredLocations(Partition split) => [];

    /// <summary>The partition's elements: from the cache when persisted, else from the checkpoint or lineage.</summary>
    internal IEnumerable<T> Iterator(Partition split, TaskContext context) =>
        StorageLevel.IsValid ? context.Env.BlockManager.GetOrCompute(this, split, context) : ComputeOrReadCheckpoint(split, context);

    internal IEnumerable<T> ComputeOrReadCheckpoint(Partition split, TaskContext context) =>
        _checkpoint is { } c ? c.Iterator(c.Partitions[split.Index], context) : Compute(split, context);

    /// <summary>Lets a subclass name itself in lineage output (Spark prints the class name).</summary>
    internal virtual string KindName => GetType().Name.Split('`')[0];

    /// <inheritdoc cref="IRdd.Describe" />
    internal string Describe() => $"{(Name is null ? "" : Name + " ")}{KindName}[{Id}] at {CreationSite}";

    string IRdd.Describe() => Describe();

    IReadOnlyList<TaskLocation> IRdd.PreferredLocations(Partition partition) =>
        _checkpoint is null ? GetPreferredLocations(partition) : [];

    // Spark's clearDependencies: once checkpointed, partitions are read from the checkpoint, so a task ships a copy
    // that keeps the RDD's identity (id, storage level, checkpoint) and drops the lineage its subclass fields hold.
    object IReplacedWhenShipped.ReplacementForShipping()
    {
        if (_checkpoint is null) return this;
        var copy = (Rdd<T>)MemberwiseClone();
        foreach (var field in ClosureTypeRules.FieldsOf(GetType()))
            if (field.DeclaringType != typeof(Rdd<T>) && !field.FieldType.IsValueType) field.SetValue(copy, null);
        return copy;
    }

    void IRdd.DoCheckpoint()
    {
        if (_checkpoint is not null) return;
        if (_checkpointRequested)
        {
            // Cleared first: the job that writes the checkpoint must not try to checkpoint again.
            _checkpointRequested = false;
            try
            {
                _checkpoint = CheckpointRdd<T>.Write(this);
            }
            catch
            {
                // Asked again, so the next job that computes this RDD tries the checkpoint once more.
                _checkpointRequested = true;
                throw;
            }
            _dependencies = null;
            _partitions = null;
            return;
        }
        foreach (var dependency in Dependencies) dependency.Rdd.DoCheckpoint();
    }
}
