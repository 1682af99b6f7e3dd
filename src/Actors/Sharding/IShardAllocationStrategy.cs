namespace ActorNet.Actors.Sharding;

/// <summary>
/// Decides where the coordinator puts a new shard and which shards it moves when the load is uneven.
/// Called inside the coordinator actor, one call at a time.
/// </summary>
public interface IShardAllocationStrategy
{
    /// <summary>Picks the region for <paramref name="shardId"/>.</summary>
    /// <param name="requester">The region that asked for the shard's home (it may be a proxy, which hosts nothing).</param>
    /// <param name="shardId">The shard being allocated.</param>
    /// <param name="allocations">The regions that may host shards (in registration order) and the shards each hosts now.</param>
    IActorRef AllocateShard(IActorRef requester, string shardId, IReadOnlyList<KeyValuePair<IActorRef, IReadOnlyCollection<string>>> allocations);

    /// <summary>The shards to hand off now to even out the load (they are allocated again afterwards).</summary>
    /// <param name="allocations">The regions that may host shards and the shards each hosts now.</param>
    /// <param name="rebalanceInProgress">Shards being moved already.</param>
    IReadOnlyCollection<string> Rebalance(IReadOnlyList<KeyValuePair<IActorRef, IReadOnlyCollection<string>>> allocations, IReadOnlySet<string> rebalanceInProgress);
}
