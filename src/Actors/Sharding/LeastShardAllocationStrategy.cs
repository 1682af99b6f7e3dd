namespace ActorNet.Actors.Sharding;

/// <summary>
/// Akka's least-shards strategy: a new shard goes to the region hosting the fewest (the requester when it
/// is among the least loaded, otherwise the earliest registered of them); a rebalance round moves shards
/// from the most loaded region while it hosts at least two more than the least loaded one, at most
/// <see cref="MaxSimultaneousRebalance"/> shards in flight.
/// </summary>
/// <param name="maxSimultaneousRebalance">Shards moved at the same time at most (config <c>rebalance-max-simultaneous</c>).</param>
public sealed class LeastShardAllocationStrategy(int maxSimultaneousRebalance) : IShardAllocationStrategy
{
    /// <summary>Shards moved at the same time at most.</summary>
    public int MaxSimultaneousRebalance { get; } = maxSimultaneousRebalance >= 1
        ? maxSimultaneousRebalance
        : throw new ArgumentOutOfRangeException(nameof(maxSimultaneousRebalance), maxSimultaneousRebalance, "must be at least 1");

    /// <inheritdoc />
    public IActorRef AllocateShard(IActorRef requester, string shardId, IReadOnlyList<KeyValuePair<IActorRef, IReadOnlyCollection<string>>> allocations)
    {
        if (allocations.Count == 0) throw new InvalidOperationException($"no region can host shard '{shardId}'");
        int fewest = allocations.Min(a => a.Value.Count);
        foreach (var (region, shards) in allocations)
            if (shards.Count == fewest && region.Equals(requester)) return region;
        return allocations.First(a => a.Value.Count == fewest).Key;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Rebalance(IReadOnlyList<KeyValuePair<IActorRef, IReadOnlyCollection<string>>> allocations, IReadOnlySet<string> rebalanceInProgress)
    {
        int budget = MaxSimultaneousRebalance - rebalanceInProgress.Count;
        if (budget <= 0 || allocations.Count < 2) return [];
        // Simulate the moves: each takes one shard from the most loaded region to the least loaded one.
        var movable = allocations.Select(a => new Queue<string>(a.Value.Where(s => !rebalanceInProgress.Contains(s)).Order(StringComparer.Ordinal))).ToArray();
        var counts = allocations.Select(a => a.Value.Count(s => !rebalanceInProgress.Contains(s))).ToArray();
        var chosen = new List<string>();
        while (chosen.Count < budget)
        {
            int most = 0, least = 0;
            for (int i = 1; i < counts.Length; i++)
            {
                if (counts[i] > counts[most]) most = i;
                if (counts[i] < counts[least]) least = i;
            }
            if (counts[most] - counts[least] < 2 || movable[most].Count == 0) break;
            chosen.Add(movable[most].Dequeue());
            counts[most]--;
            counts[least]++;
        }
        return chosen;
    }
}
