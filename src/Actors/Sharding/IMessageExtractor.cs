namespace ActorNet.Actors.Sharding;

/// <summary>
/// Tells sharding which entity a message is for, which shard that entity lives in, and what the entity
/// itself receives. The same extractor must give the same answers on every node, so shard ids must not
/// depend on anything process-local (such as <see cref="string.GetHashCode()"/>).
/// </summary>
public interface IMessageExtractor
{
    /// <summary>The id of the entity the message is for, or null when the message is not for sharding (it goes to dead letters).</summary>
    string? EntityId(object message);

    /// <summary>The id of the shard holding the message's entity, or null when the message is not for sharding.</summary>
    string? ShardId(object message);

    /// <summary>What the entity receives: the message itself, or its payload when it is an envelope.</summary>
    object EntityMessage(object message);
}
