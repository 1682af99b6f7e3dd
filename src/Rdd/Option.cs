namespace ActorNet.Rdd;

/// <summary>A value that may be missing (Scala's <c>Option</c>), used by the outer joins.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
public readonly record struct Option<T> : IComparable<Option<T>>, IComparable
{
    private Option(T value)
    {
        HasValue = true;
        Value = value;
    }

    /// <summary>The missing value.</summary>
    public static Option<T> None => default;

    /// <summary>True when a value is present.</summary>
    public bool HasValue { get; }

    /// <summary>The value, or default when missing.</summary>
    public T Value { get; }

    /// <summary>A present value.</summary>
    public static Option<T> Some(T value) => new(value);

    /// <summary>The value, or <paramref name="fallback"/> when missing.</summary>
    public T GetOrElse(T fallback) => HasValue ? Value : fallback;

    /// <summary>Orders None before every value, values by <see cref="Comparer{T}.Default"/> (Scala's Option ordering).</summary>
    public int CompareTo(Option<T> other) =>
        HasValue ? other.HasValue ? Comparer<T>.Default.Compare(Value, other.Value) : 1 : other.HasValue ? -1 : 0;

    int IComparable.CompareTo(object? obj) => obj is Option<T> o ? CompareTo(o) : throw new ArgumentException($"Not an Option<{typeof(T).Name}>.", nameof(obj));

    /// <inheritdoc />
    public override string ToString() => HasValue ? $"Some({Value})" : "None";
}
