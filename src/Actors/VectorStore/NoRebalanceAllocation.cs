using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace ActorNet.VectorStore;

/// <summary>
/// Allocates a new shard to the region with the fewest shards and never rebalances: a slice holds weights and the
/// contributions of a step in progress, so its shard moves only when its node leaves (hand-off, with the value parked
/// and claimed) or dies (lost), never because another node has fewer shards.
/// </summary>
internal sealed class NoRebalanceAllocation : IShardAllocationStrategy
{
    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        if (currentShardAllocations.Count == 0) return Task.FromResult(requester);
        // Fewest shards first; ties broken by path so that every coordinator incarnation chooses alike.
        var region = currentShardAllocations
            .OrderBy(r => r.Value.Count)
            .ThenBy(r => r.Key.Path.ToString(), StringComparer.Ordinal)
            .First().Key;
        return Task.FromResult(region);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations,
        IImmutableSet<string> rebalanceInProgress) => Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
}
