namespace ActorNet.Actors;

/// <summary>
/// Turns this node's failure detector verdicts into reachability observations in the snapshot (Akka's
/// reapUnreachableMembers): members it newly finds unavailable are marked unreachable from this node,
/// members it had marked unreachable and now finds available again are marked reachable. Downed
/// (terminated) members are left alone.
/// </summary>
internal static class ReachabilityReaper
{
    /// <summary>The snapshot with this node's new observations, or the same snapshot when nothing changed.</summary>
    public static Membership Reap(Membership state, UniqueAddress self, Func<Address, bool> isAvailable)
    {
        if (state.Members.Count <= 1)
            return state;
        var reachability = state.Reachability;
        var newlyUnreachable = state.Members
            .Where(m => !m.UniqueAddress.Equals(self)
                && reachability.Status(self, m.UniqueAddress) == ReachabilityStatus.Reachable
                && !isAvailable(m.Address))
            .Select(m => m.UniqueAddress)
            .ToList();
        var newlyReachable = reachability.AllUnreachableFrom(self)
            .Where(n => state.HasMember(n) && isAvailable(n.Address))
            .ToList();
        return state.ObserveReachability(self, newlyUnreachable, newlyReachable);
    }
}
