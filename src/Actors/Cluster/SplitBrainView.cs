using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>
/// What a downing strategy looks at: the members, the members unreachable from this side, the
/// unreachable/terminated observations, and who has seen the current version.
/// </summary>
internal sealed record SplitBrainView(
    ImmutableSortedSet<Member> AllMembers,
    ImmutableSortedSet<UniqueAddress> Unreachable,
    ImmutableList<ReachabilityRecord> Records,
    ImmutableSortedSet<UniqueAddress> SeenBy)
{
    /// <summary>The view of <paramref name="self"/>, which never counts itself unreachable.</summary>
    public static SplitBrainView From(Membership state, UniqueAddress self)
    {
        var records = state.Reachability.Records.Where(r => r.Status != ReachabilityStatus.Reachable).ToImmutableList();
        return new SplitBrainView(state.Members, UnreachableIn(records, state, self), records, state.Seen);
    }

    private static ImmutableSortedSet<UniqueAddress> UnreachableIn(IEnumerable<ReachabilityRecord> records, Membership state, UniqueAddress self) =>
        records.Select(r => r.Subject).Where(n => !n.Equals(self) && state.HasMember(n)).ToImmutableSortedSet();

    /// <summary>The same view with the observations between the given nodes left out.</summary>
    public SplitBrainView WithoutRecordsBetween(IReadOnlySet<UniqueAddress> group, IReadOnlySet<UniqueAddress> otherGroup, UniqueAddress self)
    {
        var records = Records
            .Where(r => !(group.Contains(r.Observer) && group.Contains(r.Subject)) && !(otherGroup.Contains(r.Observer) && otherGroup.Contains(r.Subject)))
            .ToImmutableList();
        var unreachable = records.Select(r => r.Subject).Where(n => !n.Equals(self) && AllMembers.Contains(Member.Removed(n))).ToImmutableSortedSet();
        return this with { Records = records, Unreachable = unreachable };
    }

    public bool IsUnreachable(Member member) => Unreachable.Contains(member.UniqueAddress);

    /// <summary>
    /// Members that count in a decision: never Down or Exiting; Joining and WeaklyUp only when
    /// <paramref name="includingPossiblyUp"/> (the other side may have moved them Up); Leaving unless
    /// <paramref name="excludingPossiblyExiting"/> (the other side may have moved them to Exiting).
    /// </summary>
    public IEnumerable<Member> Counted(string? role, bool includingPossiblyUp = false, bool excludingPossiblyExiting = false) =>
        AllMembers.Where(m =>
            m.Status is not (MemberStatus.Down or MemberStatus.Exiting)
            && (includingPossiblyUp || m.Status is not (MemberStatus.Joining or MemberStatus.WeaklyUp))
            && !(excludingPossiblyExiting && m.Status == MemberStatus.Leaving)
            && (string.IsNullOrEmpty(role) || m.HasRole(role)));

    /// <summary>
    /// Nodes unreachable over some link yet still in touch: an observer that is itself observed as
    /// unreachable, or an unreachable subject that has nevertheless seen the current version.
    /// </summary>
    public ImmutableSortedSet<UniqueAddress> IndirectlyConnected =>
        IndirectlyConnectedByCycle.Union(IndirectlyConnectedBySeen);

    public ImmutableSortedSet<UniqueAddress> IndirectlyConnectedByCycle =>
        Records.Select(r => r.Observer).Intersect(Records.Select(r => r.Subject)).ToImmutableSortedSet();

    public ImmutableSortedSet<UniqueAddress> IndirectlyConnectedBySeen =>
        Records.Where(r => SeenBy.Contains(r.Subject)).SelectMany(r => new[] { r.Observer, r.Subject }).ToImmutableSortedSet();

    /// <summary>Members that may be downed: everyone not already Down or Exiting, joining ones included.</summary>
    public ImmutableSortedSet<UniqueAddress> Downable =>
        AllMembers.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Exiting)).Select(m => m.UniqueAddress).ToImmutableSortedSet();
}
