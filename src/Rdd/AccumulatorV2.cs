namespace ActorNet.Rdd;

/// <summary>
/// Base of accumulators (Spark's <c>AccumulatorV2</c>): tasks add to it, the driver reads the merged value.
/// Inside a task, <see cref="Add"/> goes to a task-local copy; the driver merges the copy only when the
/// task succeeds, and for an action's tasks at most once per partition even if the task is retried.
/// A custom accumulator implements <see cref="AddValue"/>, <see cref="GetValue"/>, <see cref="Merge"/>,
/// <see cref="Copy"/>, <see cref="Reset"/> and <see cref="IsZero"/>, then is registered with
/// <see cref="ClusterContext.Register{TIn,TOut}(AccumulatorV2{TIn,TOut}, string?)"/>.
/// </summary>
/// <typeparam name="TIn">The type of values added.</typeparam>
/// <typeparam name="TOut">The type of the accumulated value.</typeparam>
[Serializable]
public abstract class AccumulatorV2<TIn, TOut> : IAccumulator
{
    /// <summary>The id given at registration; -1 before.</summary>
    public long Id { get; private set; } = -1;

    /// <summary>The name given at registration, shown in debugging output.</summary>
    public string? Name { get; private set; }

    /// <summary>True once registered with a context.</summary>
    public bool IsRegistered => Id >= 0;

    /// <summary>True when the accumulator holds its zero value.</summary>
    public abstract bool IsZero { get; }

    /// <summary>The accumulated value (inside a task: this task's own additions).</summary>
    public TOut Value
    {
        get
        {
            var target = Target();
            lock (target) return target.GetValue();
        }
    }

    /// <summary>Adds <paramref name="value"/>.</summary>
    public void Add(TIn value)
    {
        var target = Target();
        lock (target) target.AddValue(value);
    }

    /// <summary>Returns a new accumulator of the same kind holding the same value.</summary>
    public abstract AccumulatorV2<TIn, TOut> Copy();

    /// <summary>Resets the value to zero.</summary>
    public abstract void Reset();

    /// <summary>Merges another accumulator of the same kind into this one.</summary>
    public abstract void Merge(AccumulatorV2<TIn, TOut> other);

    /// <summary>Adds a value to this instance's state.</summary>
    protected abstract void AddValue(TIn value);

    /// <summary>Reads this instance's state.</summary>
    protected abstract TOut GetValue();

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}(id: {Id}, name: {Name ?? "-"}, value: {Value})";

    internal void MarkRegistered(long id, string? name)
    {
        if (IsRegistered) throw new InvalidOperationException($"Accumulator {Name ?? Id.ToString()} is already registered.");
        Id = id;
        Name = name;
    }

    IAccumulator IAccumulator.CopyAndResetUntyped()
    {
        AccumulatorV2<TIn, TOut> copy;
        lock (this) copy = Copy();
        copy.Reset();
        copy.Id = Id;
        copy.Name = Name;
        return copy;
    }

    void IAccumulator.MergeUntyped(IAccumulator other)
    {
        lock (this) Merge((AccumulatorV2<TIn, TOut>)other);
    }

    // Inside a task, updates go to the task's copy so that failed attempts are not counted.
    private AccumulatorV2<TIn, TOut> Target() =>
        IsRegistered && TaskContext.Get() is { } task ? (AccumulatorV2<TIn, TOut>)task.LocalCopy(this) : this;
}
