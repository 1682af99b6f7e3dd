namespace ActorNet.Rdd.Shuffle;

/// <summary>Wraps a key so that null keys (allowed in Spark's shuffles) can live in a dictionary.</summary>
internal readonly struct NullSafeKey<K>(K value) : IEquatable<NullSafeKey<K>>
{
    public K Value { get; } = value;

    public bool Equals(NullSafeKey<K> other) => EqualityComparer<K>.Default.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is NullSafeKey<K> k && Equals(k);

    public override int GetHashCode() => Value is null ? 0 : EqualityComparer<K>.Default.GetHashCode(Value);
}
