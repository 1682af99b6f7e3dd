using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>
/// The state of the cluster as one node sees it: what a new subscriber receives first, before the
/// events that follow (Akka's <c>CurrentClusterState</c>).
/// </summary>
/// <param name="Members">The members, sorted by address (removed members are not listed).</param>
/// <param name="Unreachable">The members some node considers unreachable.</param>
/// <param name="SeenBy">The nodes that have seen the current membership version.</param>
/// <param name="Leader">The leader's address, or null when there is none.</param>
public sealed record CurrentClusterState(
    ImmutableSortedSet<Member> Members,
    ImmutableSortedSet<Member> Unreachable,
    ImmutableSortedSet<Address> SeenBy,
    Address? Leader) : ClusterEvent
{
    /// <summary>An empty cluster: no members, no leader.</summary>
    public static CurrentClusterState Empty { get; } = new(
        ImmutableSortedSet<Member>.Empty, ImmutableSortedSet<Member>.Empty, ImmutableSortedSet<Address>.Empty, null);

    /// <summary>Whether the member is considered reachable by every node.</summary>
    /// <param name="member">The member to look up.</param>
    /// <returns>True unless some node considers it unreachable.</returns>
    public bool IsReachable(Member member) => !Unreachable.Contains(member);

    internal static CurrentClusterState From(Membership state, UniqueAddress self) => new(
        state.Members,
        state.UnreachableMembers.Remove(Member.Removed(self)),
        state.Seen.Select(n => n.Address).ToImmutableSortedSet(),
        state.Leader(self)?.Address);
}
