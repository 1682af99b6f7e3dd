namespace ActorNet.Actors;

/// <summary>The changes a node makes to its own snapshot; each returns a new version stamped by that node.</summary>
internal sealed partial class Membership
{
    /// <summary>
    /// Adds <paramref name="node"/> as Joining. A removed incarnation cannot rejoin; a new incarnation of an
    /// address that is still a member downs the old one first (it joins once the old one is removed,
    /// as in Akka), and a node already a member changes nothing.
    /// </summary>
    public Membership Join(UniqueAddress node, IEnumerable<string> roles, UniqueAddress self)
    {
        if (Tombstones.ContainsKey(node) || HasMember(node))
            return this;
        var previous = Members.FirstOrDefault(m => m.Address.Equals(node.Address));
        if (previous is not null)
            return Down(previous.UniqueAddress, self);
        return With(members: Members.Add(Actors.Member.Joining(node, roles))).Stamp(self);
    }

    /// <summary>Moves a Joining, WeaklyUp or Up member to Leaving; other states are left as they are.</summary>
    public Membership Leave(UniqueAddress node, UniqueAddress self)
    {
        var member = Member(node);
        if (member is null || member.Status is not (MemberStatus.Joining or MemberStatus.WeaklyUp or MemberStatus.Up))
            return this;
        return Update([member.WithStatus(MemberStatus.Leaving)]).Stamp(self);
    }

    /// <summary>
    /// Marks a member Down and records it Terminated from <paramref name="self"/>, so that it no longer
    /// blocks convergence and the leader removes it. A downed member no longer counts as having seen.
    /// </summary>
    public Membership Down(UniqueAddress node, UniqueAddress self)
    {
        var member = Member(node);
        if (member is null || member.Status == MemberStatus.Down)
            return this;
        var downed = Update([member.WithStatus(MemberStatus.Down)]);
        return downed.With(seen: Seen.Remove(node), reachability: Reachability.Terminated(self, node)).Stamp(self);
    }

    /// <summary>Records what <paramref name="observer"/>'s failure detector now says about members.</summary>
    public Membership ObserveReachability(
        UniqueAddress observer, IEnumerable<UniqueAddress> unreachable, IEnumerable<UniqueAddress> reachable)
    {
        var table = Reachability;
        foreach (var subject in unreachable.Where(n => HasMember(n) && !n.Equals(observer)))
            table = table.Unreachable(observer, subject);
        foreach (var subject in reachable.Where(HasMember))
            table = table.Reachable(observer, subject);
        return ReferenceEquals(table, Reachability) ? this : With(reachability: table).Stamp(observer);
    }

    public Membership MarkUnreachable(UniqueAddress observer, UniqueAddress subject) =>
        ObserveReachability(observer, [subject], []);

    public Membership MarkReachable(UniqueAddress observer, UniqueAddress subject) =>
        ObserveReachability(observer, [], [subject]);
}
