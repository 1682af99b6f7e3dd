namespace ActorNet.Rdd;

/// <summary>A value that may be missing (Scala's <c>Option</c>), used by the outer joins.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
public readonly record struct Option<T>
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

    /// <inheritdoc />
    public override string ToString() => HasValue ? $"Some({Value})" : "None";
}
