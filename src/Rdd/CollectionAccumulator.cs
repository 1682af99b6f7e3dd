namespace ActorNet.Rdd;

/// <summary>Collects the values added into a list (order across tasks is unspecified).</summary>
/// <typeparam name="T">The element type.</typeparam>
[Serializable]
public sealed class CollectionAccumulator<T> : AccumulatorV2<T, IReadOnlyList<T>>
{
    // The values added so far.
    private readonly List<T> _items = [];

    /// <inheritdoc />
    public override bool IsZero => _items.Count == 0;

    /// <inheritdoc />
    public override AccumulatorV2<T, IReadOnlyList<T>> Copy()
    {
        var copy = new CollectionAccumulator<T>();
        copy._items.AddRange(_items);
        return copy;
    }

    /// <inheritdoc />
    public override void Reset() => _items.Clear();

    /// <inheritdoc />
    public override void Merge(AccumulatorV2<T, IReadOnlyList<T>> other)
    {
        var o = (CollectionAccumulator<T>)other;
        lock (o) _items.AddRange(o._items);
    }

    /// <inheritdoc />
    protected override void AddValue(T value) => _items.Add(value);

    /// <inheritdoc />
    protected override IReadOnlyList<T> GetValue() => _items.ToArray();
}
