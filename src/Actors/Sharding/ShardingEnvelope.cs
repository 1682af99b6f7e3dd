namespace ActorNet.Actors.Sharding;

/// <summary>
/// A message addressed to an entity by id, for entities whose messages do not carry their id themselves.
/// <see cref="HashCodeMessageExtractor"/> understands it: the entity receives <paramref name="Message"/>.
/// </summary>
/// <param name="EntityId">The entity's id.</param>
/// <param name="Message">What the entity receives.</param>
public sealed record ShardingEnvelope(string EntityId, object Message);
