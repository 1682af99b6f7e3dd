using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>How two snapshots combine, following Akka's gossip rules.</summary>
internal static class GossipMerge
{
    // A member present on one side only, in one of these states, was removed by the other side's leader.
    private static bool RemovedElsewhere(MemberStatus status) => status is MemberStatus.Down or MemberStatus.Exiting;

    /// <summary>
    /// Merges two concurrent snapshots: tombstones unioned; version vectors merged (removed nodes
    /// pruned); each member taken at its higher-precedence view (a member on one side only is kept unless
    /// tombstoned, Down or Exiting); reachability rows per observer from the side with its higher counter.
    /// Nobody has seen the result yet.
    /// </summary>
    public static Membership Merge(Membership a, Membership b)
    {
        var tombstones = a.Tombstones;
        foreach (var (node, at) in b.Tombstones)
        {
            if (!tombstones.TryGetValue(node, out var mine) || at > mine)
                tombstones = tombstones.SetItem(node, at);
        }
        var version = tombstones.Keys.Aggregate(a.Version.Merge(b.Version), (v, node) => v.Prune(node));

        var members = ImmutableSortedSet.CreateBuilder<Member>();
        foreach (var group in a.Members.Concat(b.Members).GroupBy(m => m.UniqueAddress))
        {
            var views = group.ToList();
            if (views.Count == 2)
                members.Add(Member.HighestPriorityOf(views[0], views[1]));
            else if (!tombstones.ContainsKey(views[0].UniqueAddress) && !RemovedElsewhere(views[0].Status))
                members.Add(views[0]);
        }
        var merged = members.ToImmutable();
        var allowed = merged.Select(m => m.UniqueAddress).ToHashSet();
        var reachability = a.Reachability.Merge(allowed, b.Reachability);
        return new Membership(merged, reachability, version, ImmutableSortedSet<UniqueAddress>.Empty, tombstones);
    }

    /// <summary>
    /// What <paramref name="self"/> does with a received snapshot (Akka's receiveGossip): a newer remote
    /// version replaces the local one, an older one is ignored (and the sender told), equal versions
    /// union their seen sets, concurrent ones are merged after pruning the counters of members that one
    /// side already removed. The result is marked as seen by <paramref name="self"/>. A gossip that does
    /// not contain <paramref name="self"/> is not meant for it and leaves the local snapshot unchanged.
    /// </summary>
    public static GossipReceipt Receive(Membership local, Membership remote, UniqueAddress self)
    {
        if (!remote.HasMember(self) && local.HasMember(self))
            return new GossipReceipt(local, remote.Version.Compare(local.Version), ReplyWithOwn: false);

        var ordering = remote.Version.Compare(local.Version);
        (Membership winner, bool reply) = ordering switch
        {
            VersionOrdering.Same => (remote.With(seen: remote.Seen.Union(local.Seen)), !remote.IsSeenBy(self)),
            VersionOrdering.Before => (local, true),
            VersionOrdering.After => (remote, !remote.IsSeenBy(self)),
            _ => (Merge(PruneRemovedBy(remote, local), PruneRemovedBy(local, remote)), true),
        };
        return new GossipReceipt(winner.SeenBy(self), ordering, reply);
    }

    // Members that `side` shows Down or Exiting but `other` no longer has were removed by other's leader:
    // prune their counters from side's version as that leader did.
    private static Membership PruneRemovedBy(Membership side, Membership other)
    {
        var version = side.Members
            .Where(m => RemovedElsewhere(m.Status) && !other.HasMember(m.UniqueAddress))
            .Aggregate(side.Version, (v, m) => v.Prune(m.UniqueAddress));
        return ReferenceEquals(version, side.Version) ? side : side.With(version: version);
    }
}
