namespace ActorNet.Actors;

/// <summary>
/// The cluster events between two snapshots as seen by one node (Akka's diff of member, reachability
/// and leader state). Consumers keep the last snapshot they published and diff the next one against it.
/// </summary>
internal static class MembershipDiff
{
    /// <summary>
    /// In order: removals, status changes (by address), newly unreachable members, members reachable
    /// again, and a leader change. <paramref name="self"/> is never reported unreachable to itself.
    /// </summary>
    public static IReadOnlyList<ClusterEvent> Between(Membership before, Membership after, UniqueAddress self)
    {
        if (ReferenceEquals(before, after))
            return [];
        var events = new List<ClusterEvent>();
        events.AddRange(MemberEvents(before, after));
        events.AddRange(UnreachableEvents(before, after, self));
        events.AddRange(ReachableEvents(before, after, self));
        var leaderBefore = before.Leader(self)?.Address;
        var leaderAfter = after.Leader(self)?.Address;
        if (!Equals(leaderBefore, leaderAfter))
            events.Add(new LeaderChanged(leaderAfter));
        return events;
    }

    public static IEnumerable<MemberEvent> MemberEvents(Membership before, Membership after)
    {
        foreach (var gone in before.Members.Where(m => !after.HasMember(m.UniqueAddress)))
            yield return new MemberRemoved(gone.WithStatus(MemberStatus.Removed), gone.Status);

        foreach (var member in after.Members)
        {
            var old = before.Member(member.UniqueAddress);
            if (old is not null && old.Status == member.Status && old.UpNumber == member.UpNumber)
                continue;
            MemberEvent? change = member.Status switch
            {
                MemberStatus.Joining => new MemberJoined(member),
                MemberStatus.WeaklyUp => new MemberWeaklyUp(member),
                MemberStatus.Up => new MemberUp(member),
                MemberStatus.Leaving => new MemberLeft(member),
                MemberStatus.Exiting => new MemberExited(member),
                MemberStatus.Down => new MemberDowned(member),
                _ => null,
            };
            if (change is not null)
                yield return change;
        }
    }

    public static IEnumerable<UnreachableMember> UnreachableEvents(Membership before, Membership after, UniqueAddress self)
    {
        var wasUnreachable = before.Reachability.AllUnreachableOrTerminated;
        foreach (var node in after.Reachability.AllUnreachableOrTerminated)
        {
            if (!wasUnreachable.Contains(node) && !node.Equals(self) && after.Member(node) is { } member)
                yield return new UnreachableMember(member);
        }
    }

    public static IEnumerable<ReachableMember> ReachableEvents(Membership before, Membership after, UniqueAddress self)
    {
        foreach (var node in before.Reachability.AllUnreachable)
        {
            if (!node.Equals(self) && after.Reachability.IsReachable(node) && after.Member(node) is { } member)
                yield return new ReachableMember(member);
        }
    }
}
