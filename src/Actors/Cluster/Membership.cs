using System.Collections.Immutable;
using System.Diagnostics;

namespace ActorNet.Actors;

/// <summary>
/// One immutable, versioned snapshot of the cluster (Akka's Gossip): the members, who observes whom as
/// unreachable, the version vector of the changes it contains, the nodes that have seen this version,
/// and tombstones of removed members. Every change returns a new snapshot; consumers diff two snapshots
/// with <see cref="MembershipDiff"/>. Merging lives in <see cref="GossipMerge"/>, leader moves in
/// <see cref="LeaderActions"/>.
/// </summary>
internal sealed partial class Membership
{
    public static readonly Membership Empty = new(
        ImmutableSortedSet<Member>.Empty, Reachability.Empty, VersionVector.Empty,
        ImmutableSortedSet<UniqueAddress>.Empty, ImmutableSortedDictionary<UniqueAddress, DateTimeOffset>.Empty);

    internal Membership(
        ImmutableSortedSet<Member> members, Reachability reachability, VersionVector version,
        ImmutableSortedSet<UniqueAddress> seen, ImmutableSortedDictionary<UniqueAddress, DateTimeOffset> tombstones)
    {
        Members = members;
        Reachability = reachability;
        Version = version;
        Seen = seen;
        Tombstones = tombstones;
        AssertInvariants();
    }

    /// <summary>The members, sorted by address; removed members are not here.</summary>
    public ImmutableSortedSet<Member> Members { get; }

    public Reachability Reachability { get; }

    public VersionVector Version { get; }

    /// <summary>The nodes known to have seen exactly this version.</summary>
    public ImmutableSortedSet<UniqueAddress> Seen { get; }

    /// <summary>Removed incarnations and when they were removed, so a stale gossip cannot resurrect them.</summary>
    public ImmutableSortedDictionary<UniqueAddress, DateTimeOffset> Tombstones { get; }

    public Member? Member(UniqueAddress node) =>
        Members.TryGetValue(Actors.Member.Removed(node), out var member) ? member : null;

    public bool HasMember(UniqueAddress node) => Member(node) is not null;

    public bool IsSeenBy(UniqueAddress node) => Seen.Contains(node);

    /// <summary>The unreachable (or downed) members as seen by anyone.</summary>
    public ImmutableSortedSet<Member> UnreachableMembers =>
        Reachability.AllUnreachableOrTerminated.Select(Member).OfType<Member>().ToImmutableSortedSet();

    /// <summary>The oldest Up or Leaving member, optionally only among those with <paramref name="role"/>.</summary>
    public Member? Oldest(string? role = null) => Members
        .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving && (role is null || m.HasRole(role)))
        .Order(Actors.Member.AgeOrdering)
        .FirstOrDefault();

    internal Membership With(
        ImmutableSortedSet<Member>? members = null, Reachability? reachability = null, VersionVector? version = null,
        ImmutableSortedSet<UniqueAddress>? seen = null, ImmutableSortedDictionary<UniqueAddress, DateTimeOffset>? tombstones = null) =>
        new(members ?? Members, reachability ?? Reachability, version ?? Version, seen ?? Seen, tombstones ?? Tombstones);

    /// <summary>Replaces members (same unique address) by their new versions, adding new ones.</summary>
    internal Membership Update(IEnumerable<Member> changed)
    {
        var members = Members;
        foreach (var member in changed)
            members = members.Remove(member).Add(member);
        return With(members: members);
    }

    /// <summary>A new version made by <paramref name="self"/>: its counter goes up and only it has seen the result.</summary>
    public Membership Stamp(UniqueAddress self) => With(
        version: Version.Increment(self),
        seen: HasMember(self) ? ImmutableSortedSet.Create(self) : ImmutableSortedSet<UniqueAddress>.Empty);

    /// <summary>Records that <paramref name="node"/> has seen this version.</summary>
    public Membership SeenBy(UniqueAddress node) =>
        Seen.Contains(node) || !HasMember(node) ? this : With(seen: Seen.Add(node));

    /// <summary>Removes members for good: drops their reachability rows, seen entries and counters; leaves tombstones.</summary>
    public Membership Remove(IEnumerable<UniqueAddress> nodes, DateTimeOffset removedAt)
    {
        var gone = nodes.Where(HasMember).ToList();
        if (gone.Count == 0)
            return this;
        var version = gone.Aggregate(Version, (v, node) => v.Prune(node));
        return new Membership(
            Members.Except(gone.Select(Actors.Member.Removed)),
            Reachability.Remove(gone),
            version,
            Seen.Except(gone),
            Tombstones.SetItems(gone.Select(n => KeyValuePair.Create(n, removedAt))));
    }

    /// <summary>Forgets tombstones older than <paramref name="removedBefore"/> (Akka prunes them after a day).</summary>
    public Membership PruneTombstones(DateTimeOffset removedBefore)
    {
        var old = Tombstones.Where(kv => kv.Value < removedBefore).Select(kv => kv.Key).ToList();
        return old.Count == 0 ? this : With(tombstones: Tombstones.RemoveRange(old));
    }

    /// <summary>The reachability table without the observations of downed members, which no longer count.</summary>
    public Reachability ReachabilityExcludingDownedObservers =>
        Reachability.RemoveObservers(Members.Where(m => m.Status == MemberStatus.Down).Select(m => m.UniqueAddress));

    /// <summary>
    /// Whether the cluster has converged from <paramref name="self"/>'s point of view (Akka's rule): every
    /// Up or Leaving member (every member at all while none is Up or Leaving) has seen this version, and
    /// every unreachable member other than self is Down or Exiting.
    /// </summary>
    public bool IsConverged(UniqueAddress self, IReadOnlySet<UniqueAddress>? exitingConfirmed = null)
    {
        bool Confirmed(UniqueAddress node) => exitingConfirmed?.Contains(node) == true;
        bool noneUp = !Members.Any(m => m.Status is MemberStatus.Up or MemberStatus.Leaving);
        bool hindered = Members.Any(m =>
            (m.Status is MemberStatus.Up or MemberStatus.Leaving || (noneUp && m.Status is MemberStatus.Joining or MemberStatus.WeaklyUp))
            && !IsSeenBy(m.UniqueAddress) && !Confirmed(m.UniqueAddress));
        if (hindered)
            return false;
        return ReachabilityExcludingDownedObservers.AllUnreachableOrTerminated
            .Where(node => !node.Equals(self) && !Confirmed(node))
            .Select(Member)
            .All(m => m is null || m.Status is MemberStatus.Down or MemberStatus.Exiting);
    }

    /// <summary>
    /// The leader as <paramref name="self"/> sees it (Akka's rule): among members that are not Down and are
    /// reachable (self always counts as reachable to itself), the first Up or Leaving one by address;
    /// when there is none, the first by address preferring any status over Exiting, and Exiting over Down.
    /// </summary>
    public UniqueAddress? Leader(UniqueAddress self)
    {
        var reachability = ReachabilityExcludingDownedObservers;
        var candidates = Members.Where(m => m.Status != MemberStatus.Down
            && (reachability.IsAllReachable || reachability.IsReachable(m.UniqueAddress) || m.UniqueAddress.Equals(self)))
            .ToList();
        if (candidates.Count == 0)
            return null;
        var leader = candidates.FirstOrDefault(m => m.Status is MemberStatus.Up or MemberStatus.Leaving)
            ?? candidates.OrderBy(m => m.Status == MemberStatus.Exiting ? 1 : 0).ThenBy(m => m).First();
        return leader.UniqueAddress;
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Seen.All(HasMember), "Only members can have seen a version.");
        Debug.Assert(!Members.Any(m => m.Status == MemberStatus.Removed), "Removed members leave the member set.");
    }

    public override string ToString() =>
        $"Membership(members=[{string.Join(", ", Members)}], {Reachability}, {Version}, seen=[{string.Join(", ", Seen)}])";
}
