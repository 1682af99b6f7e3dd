using System.Collections.Immutable;
using ActorNet.Actors.ClusterRuntime.Proto;

namespace ActorNet.Actors.ClusterRuntime;

/// <summary>
/// Converts the membership model to and from its Protobuf form. Decoding checks what the model relies
/// on (addresses parse, statuses are known, the seen set names members) and throws
/// <see cref="FormatException"/> naming the bad part, so a malformed gossip is dropped, not merged.
/// </summary>
internal static class ClusterWire
{
    public static Node ToWire(UniqueAddress node) => new() { Address = node.Address.ToString(), Uid = node.Uid };

    public static UniqueAddress FromWire(Node? node, string what)
    {
        if (node is null) throw new FormatException($"{what}: missing node");
        if (!AddressSyntax.TryParse(node.Address, out Address address, out string error))
            throw new FormatException($"{what}: bad address '{node.Address}': {error}");
        if (LocalAddress.IsLocalOnly(address)) throw new FormatException($"{what}: address '{node.Address}' has no host and port");
        return new UniqueAddress(address, node.Uid);
    }

    public static MemberInfo ToWire(Member member)
    {
        var info = new MemberInfo { Node = ToWire(member.UniqueAddress), Status = (int)member.Status, UpNumber = member.UpNumber };
        info.Roles.AddRange(member.Roles);
        return info;
    }

    public static Member FromWire(MemberInfo info) =>
        Member.FromWire(FromWire(info.Node, "member"), info.Roles, (MemberStatus)info.Status, info.UpNumber);

    public static Gossip ToWire(Membership state)
    {
        var gossip = new Gossip();
        gossip.Members.AddRange(state.Members.Select(ToWire));
        gossip.Reachability.AddRange(state.Reachability.Records.Select(r => new ReachabilityRow
        {
            Observer = ToWire(r.Observer), Subject = ToWire(r.Subject), Status = (int)r.Status, Version = r.Version,
        }));
        gossip.ObserverVersions.AddRange(state.Reachability.Versions.Select(kv => new NodeCounter { Node = ToWire(kv.Key), Counter = kv.Value }));
        gossip.Version.AddRange(state.Version.Versions.Select(kv => new NodeCounter { Node = ToWire(kv.Key), Counter = kv.Value }));
        gossip.Seen.AddRange(state.Seen.Select(ToWire));
        gossip.Tombstones.AddRange(state.Tombstones.Select(kv => new Tombstone { Node = ToWire(kv.Key), RemovedAtUnixMs = kv.Value.ToUnixTimeMilliseconds() }));
        return gossip;
    }

    public static Membership FromWire(Gossip? gossip)
    {
        if (gossip is null) throw new FormatException("gossip envelope without a snapshot");
        try
        {
            var members = gossip.Members.Select(FromWire).ToImmutableSortedSet();
            if (members.Count != gossip.Members.Count) throw new FormatException("gossip lists a member twice");
            var records = gossip.Reachability.Select(row => new ReachabilityRecord(
                FromWire(row.Observer, "reachability observer"), FromWire(row.Subject, "reachability subject"),
                row.Status is >= 0 and <= 2 ? (ReachabilityStatus)row.Status : throw new FormatException($"reachability status {row.Status} is unknown"),
                row.Version)).ToList();
            var reachability = Reachability.FromRecords(records, Counters(gossip.ObserverVersions, "observer version"));
            var version = VersionVector.From(Counters(gossip.Version, "version"));
            // A seen entry of a non-member would break the snapshot's invariant; such entries carry no information.
            var seen = gossip.Seen.Select(n => FromWire(n, "seen")).Where(n => members.Contains(Member.Removed(n))).ToImmutableSortedSet();
            var tombstones = gossip.Tombstones.ToImmutableSortedDictionary(
                t => FromWire(t.Node, "tombstone"), t => DateTimeOffset.FromUnixTimeMilliseconds(t.RemovedAtUnixMs));
            return new Membership(members, reachability, version, seen, tombstones);
        }
        catch (ArgumentException error)
        {
            throw new FormatException($"malformed gossip: {error.Message}", error);
        }
    }

    private static IEnumerable<KeyValuePair<UniqueAddress, long>> Counters(IEnumerable<NodeCounter> counters, string what)
    {
        var list = counters.Select(c => KeyValuePair.Create(FromWire(c.Node, what), c.Counter)).ToList();
        if (list.Select(kv => kv.Key).Distinct().Count() != list.Count) throw new FormatException($"gossip lists a {what} counter twice");
        return list;
    }

    public static ClusterStateReply ToWire(CurrentClusterState state, UniqueAddress self)
    {
        var reply = new ClusterStateReply { Self = ToWire(self), Leader = state.Leader?.ToString() ?? "" };
        reply.Members.AddRange(state.Members.Select(ToWire));
        reply.Unreachable.AddRange(state.Unreachable.Select(m => ToWire(m.UniqueAddress)));
        reply.SeenBy.AddRange(state.SeenBy.Select(a => a.ToString()));
        return reply;
    }

    public static CurrentClusterState FromWire(ClusterStateReply reply)
    {
        var members = reply.Members.Select(FromWire).ToImmutableSortedSet();
        var unreachable = reply.Unreachable.Select(n => FromWire(n, "unreachable"))
            .Select(n => members.TryGetValue(Member.Removed(n), out var m) ? m : null)
            .OfType<Member>().ToImmutableSortedSet();
        var seen = reply.SeenBy.Select(ParseAddress).ToImmutableSortedSet();
        Address? leader = reply.Leader.Length == 0 ? null : ParseAddress(reply.Leader);
        return new CurrentClusterState(members, unreachable, seen, leader);
    }

    private static Address ParseAddress(string text) =>
        AddressSyntax.TryParse(text, out Address address, out string error) ? address : throw new FormatException($"bad address '{text}': {error}");
}
