namespace ActorNet.Actors.Sharding;

/// <summary>
/// Sent by an entity to its parent (<c>Context.Parent</c>) to be stopped: the shard sends
/// <paramref name="StopMessage"/> back, buffers messages arriving for the entity meanwhile, and starts the
/// entity again (delivering them) if any arrived by the time it stopped.
/// </summary>
/// <param name="StopMessage">What the entity receives to stop itself, e.g. <see cref="PoisonPill.Instance"/>.</param>
public sealed record Passivate(object StopMessage);

/// <summary>
/// Sent by an entity to its parent before it stops (on the hand-off stop message or while passivating):
/// <paramref name="Message"/> is delivered first to the entity's next incarnation, wherever its shard
/// lives then. This keeps an entity's state across rebalancing and passivation; it does not survive the
/// loss of the node (see the vector store's snapshots).
/// </summary>
/// <param name="Message">The message that restores the entity's state.</param>
public sealed record EntityHandOffState(object Message);

/// <summary>
/// Sent to a region to leave gracefully (e.g. when its node leaves the cluster): its shards are handed off
/// to other regions, then the region stops.
/// </summary>
public sealed record GracefulShutdown
{
    /// <summary>A shared instance (every instance is equal; a public constructor lets it cross the network).</summary>
    public static GracefulShutdown Instance { get; } = new();
}

/// <summary>
/// Sent to a coordinator when a region is gone for good (e.g. on the cluster's MemberRemoved for its node):
/// its shards are allocated to the remaining regions. Death watch does the same when the region stops. A shard
/// the region was already stopping for a handoff waits for its report (and the entities' state in it), which may
/// still be on its way over the region's own connection, until the coordinator's death watch or the handoff
/// timeout says it will not come.
/// </summary>
/// <param name="Region">The region that is gone.</param>
public sealed record RemoveRegion(IActorRef Region);

/// <summary>
/// Sent to a region when its type's coordinator moved (the cluster singleton started on another node): the
/// region registers with <paramref name="Coordinator"/>, reporting the shards it hosts, and asks it again
/// for the homes it is waiting for. The new coordinator rebuilds its allocation table from these reports;
/// when two regions claim one shard the first report wins and the other region stops its copy.
/// </summary>
/// <param name="Coordinator">The new coordinator.</param>
public sealed record CoordinatorChanged(IActorRef Coordinator);

/// <summary>Asks a region which shards it hosts; the answer is <see cref="CurrentShardRegionState"/>.</summary>
public sealed record GetShardRegionState
{
    /// <summary>A shared instance (every instance is equal; a public constructor lets it cross the network).</summary>
    public static GetShardRegionState Instance { get; } = new();
}

/// <summary>The shards a region hosts right now (a proxy hosts none).</summary>
/// <param name="Shards">The shard ids, in ordinal order.</param>
public sealed record CurrentShardRegionState(IReadOnlyList<string> Shards);

/// <summary>Asks a coordinator for its allocation table; the answer is <see cref="CurrentShardAllocations"/>.</summary>
public sealed record GetShardAllocations
{
    /// <summary>A shared instance (every instance is equal; a public constructor lets it cross the network).</summary>
    public static GetShardAllocations Instance { get; } = new();
}

/// <summary>The coordinator's view: each registered region and the shards allocated to it.</summary>
/// <param name="Regions">Shards per region, in registration order.</param>
public sealed record CurrentShardAllocations(IReadOnlyList<KeyValuePair<IActorRef, IReadOnlyCollection<string>>> Regions)
{
    /// <summary>The shards allocated to <paramref name="region"/> (empty when it is not registered).</summary>
    public IReadOnlyCollection<string> ShardsOf(IActorRef region) =>
        Regions.FirstOrDefault(r => r.Key.Equals(region)).Value ?? [];
}
