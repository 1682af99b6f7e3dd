namespace ActorNet.VectorStore;

/// <summary>
/// How a push changes a stored slice: <c>value = f(value, delta)</c>, element-wise or not. Implementations
/// must be stateless and thread-safe (one instance serves every slice of a node); they are found by name
/// in a <see cref="VectorUpdateRegistry"/> on the node that hosts the slice.
/// </summary>
public interface IVectorUpdate
{
    /// <summary>Updates <paramref name="value"/> in place with <paramref name="delta"/> (both of the same length).</summary>
    void Apply(Span<float> value, ReadOnlySpan<float> delta);
}
