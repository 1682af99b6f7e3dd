namespace ActorNet.Actors;

/// <summary>
/// Picks the member to gossip to next (Akka's rule): usually, with probability 0.8 (reduced linearly
/// from 400 members to a tenth of it at 1,200), a random member that has not seen the current version;
/// otherwise, or when all have seen it, a random member. Never this node, never one it sees as
/// unreachable. Randomness comes from the caller so tests are deterministic.
/// </summary>
internal static class GossipTargetSelector
{
    public const double DifferentViewProbability = 0.8;
    public const int ReduceDifferentViewProbabilityAt = 400;

    public static UniqueAddress? Select(Membership state, UniqueAddress self, Random random)
    {
        var valid = state.Members
            .Select(m => m.UniqueAddress)
            .Where(n => !n.Equals(self) && state.Reachability.IsReachable(self, n))
            .ToList();
        if (valid.Count == 0)
            return null;
        if (random.NextDouble() < AdjustedDifferentViewProbability(state.Members.Count))
        {
            var notSeen = valid.Where(n => !state.IsSeenBy(n)).ToList();
            if (notSeen.Count > 0)
                return notSeen[random.Next(notSeen.Count)];
        }
        return valid[random.Next(valid.Count)];
    }

    /// <summary>The chance to prefer a member with a different view, lowered in large clusters.</summary>
    public static double AdjustedDifferentViewProbability(int clusterSize)
    {
        const int low = ReduceDifferentViewProbabilityAt, high = low * 3;
        const double min = DifferentViewProbability / 10;
        if (clusterSize <= low)
            return DifferentViewProbability;
        if (clusterSize >= high)
            return min;
        return DifferentViewProbability + (clusterSize - low) * (min - DifferentViewProbability) / (high - low);
    }
}
