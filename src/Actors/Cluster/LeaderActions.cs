namespace ActorNet.Actors;

/// <summary>The moves only the leader makes, as pure functions of a snapshot.</summary>
internal static class LeaderActions
{
    /// <summary>
    /// When <paramref name="self"/> is the leader and the cluster has converged: Joining/WeaklyUp members
    /// move Up (numbered after the youngest Up member, in address order), Leaving members move to
    /// Exiting, and Exiting and Down members (everyone has seen them so) are removed. The result is a new
    /// version stamped by the leader; when nothing changes the same snapshot comes back.
    /// </summary>
    public static Membership OnConvergence(Membership state, UniqueAddress self, DateTimeOffset now)
    {
        if (!self.Equals(state.Leader(self)) || !state.IsConverged(self))
            return state;

        var removed = state.Members
            .Where(m => m.Status is MemberStatus.Exiting or MemberStatus.Down)
            .Select(m => m.UniqueAddress)
            .ToList();

        int youngest = state.Members.Where(m => m.UpNumber != Member.NotUp).Select(m => m.UpNumber).DefaultIfEmpty(0).Max();
        var changed = new List<Member>();
        foreach (var member in state.Members)
        {
            if (member.Status is MemberStatus.Joining or MemberStatus.WeaklyUp)
                changed.Add(member.MovedUp(++youngest));
            else if (member.Status == MemberStatus.Leaving)
                changed.Add(member.WithStatus(MemberStatus.Exiting));
        }

        if (removed.Count == 0 && changed.Count == 0)
            return state;
        return state.Update(changed).Remove(removed, now).Stamp(self);
    }

    /// <summary>
    /// When <paramref name="self"/> is the leader but the cluster cannot converge (some member is
    /// unreachable), reachable Joining members move to WeaklyUp so they can be used meanwhile (Akka's
    /// allow-weakly-up-members).
    /// </summary>
    public static Membership MoveJoiningToWeaklyUp(Membership state, UniqueAddress self)
    {
        if (!self.Equals(state.Leader(self)) || state.IsConverged(self))
            return state;
        var changed = state.Members
            .Where(m => m.Status == MemberStatus.Joining && state.Reachability.IsReachable(m.UniqueAddress))
            .Select(m => m.WithStatus(MemberStatus.WeaklyUp))
            .ToList();
        return changed.Count == 0 ? state : state.Update(changed).Stamp(self);
    }
}
