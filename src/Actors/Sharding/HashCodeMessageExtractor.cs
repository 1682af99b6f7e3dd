namespace ActorNet.Actors.Sharding;

/// <summary>
/// The usual extractor: the shard id is a stable hash (<see cref="StableHash"/>) of the entity id modulo
/// the number of shards. Subclasses say how to find the entity id (and, optionally, the payload);
/// <see cref="ShardingEnvelope"/> is understood without help. <see cref="Create"/> builds one from delegates.
/// </summary>
public abstract class HashCodeMessageExtractor : IMessageExtractor
{
    /// <summary>Creates an extractor spreading entities over <paramref name="numberOfShards"/> shards.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberOfShards"/> is not positive.</exception>
    protected HashCodeMessageExtractor(int numberOfShards)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numberOfShards);
        NumberOfShards = numberOfShards;
    }

    /// <summary>How many shards entities are spread over (config <c>actornet:cluster:sharding:number-of-shards</c>).</summary>
    public int NumberOfShards { get; }

    /// <summary>The entity id of a message that is not a <see cref="ShardingEnvelope"/>; null when the message is not for sharding.</summary>
    protected abstract string? EntityIdOf(object message);

    /// <summary>The payload of a message that is not a <see cref="ShardingEnvelope"/> (by default the message itself).</summary>
    protected virtual object EntityMessageOf(object message) => message;

    /// <inheritdoc />
    public string? EntityId(object message) => message is ShardingEnvelope envelope ? envelope.EntityId : EntityIdOf(message);

    /// <inheritdoc />
    public object EntityMessage(object message) => message is ShardingEnvelope envelope ? envelope.Message : EntityMessageOf(message);

    /// <inheritdoc />
    public virtual string? ShardId(object message) => EntityId(message) is { } id ? StableHash.ShardOf(id, NumberOfShards) : null;

    /// <summary>Builds an extractor from delegates.</summary>
    /// <param name="numberOfShards">How many shards.</param>
    /// <param name="entityId">The entity id of a message (null: not for sharding).</param>
    /// <param name="entityMessage">The payload of a message; null delivers the message itself.</param>
    public static HashCodeMessageExtractor Create(int numberOfShards, Func<object, string?> entityId, Func<object, object>? entityMessage = null) =>
        new DelegateExtractor(numberOfShards, entityId ?? throw new ArgumentNullException(nameof(entityId)), entityMessage);

    private sealed class DelegateExtractor(int numberOfShards, Func<object, string?> entityId, Func<object, object>? entityMessage)
        : HashCodeMessageExtractor(numberOfShards)
    {
        protected override string? EntityIdOf(object message) => entityId(message);

        protected override object EntityMessageOf(object message) => entityMessage is null ? message : entityMessage(message);
    }
}
