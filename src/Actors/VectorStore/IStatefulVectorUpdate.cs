namespace ActorNet.VectorStore;

/// <summary>
/// An update rule that keeps per-slice state next to the value, e.g. a momentum history. The entity holding
/// the slice owns the state (zeros after each initialization); the rule instance itself stays stateless.
/// The state travels with the slice on a shard hand-off; <see cref="ShardedVectorStore.PullRuleStateAsync"/> reads it
/// and <see cref="ShardedVectorStore.InitAsync(string, float[], float[], CancellationToken)"/> sets it (for checkpoints).
/// </summary>
public interface IStatefulVectorUpdate : IVectorUpdate
{
    /// <summary>Updates <paramref name="value"/> with <paramref name="delta"/>, reading and writing <paramref name="state"/> (all three of the same length).</summary>
    void Apply(Span<float> value, ReadOnlySpan<float> delta, Span<float> state);
}
