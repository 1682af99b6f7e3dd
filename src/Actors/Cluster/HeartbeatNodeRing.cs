using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>
/// Who sends heartbeats to whom (Akka's HeartbeatNodeRing): the nodes sorted into a ring by address;
/// each node heartbeats the next <see cref="MonitoredByNrOfMembers"/> reachable nodes after it, so each
/// node is watched by that many others and nobody watches the whole cluster. Unreachable nodes passed on
/// the way are kept as receivers too (up to the same number), so that someone still watches nodes that
/// fail together. Ordering by address (not by hash, as Akka does) makes every node compute the same ring,
/// since .NET string hashes differ between processes.
/// </summary>
internal sealed class HeartbeatNodeRing
{
    public const int DefaultMonitoredByNrOfMembers = 5;

    public HeartbeatNodeRing(UniqueAddress self, IEnumerable<UniqueAddress> nodes, IEnumerable<UniqueAddress> unreachable,
        int monitoredByNrOfMembers = DefaultMonitoredByNrOfMembers)
    {
        if (monitoredByNrOfMembers < 1)
            throw new ArgumentOutOfRangeException(nameof(monitoredByNrOfMembers), monitoredByNrOfMembers, "Each node must be monitored by at least one other.");
        Self = self;
        Nodes = nodes.Append(self).ToImmutableSortedSet();
        Unreachable = unreachable.ToImmutableSortedSet();
        MonitoredByNrOfMembers = monitoredByNrOfMembers;
    }

    /// <summary>The ring as <paramref name="self"/> sees it in a snapshot.</summary>
    public static HeartbeatNodeRing From(Membership state, UniqueAddress self, int monitoredByNrOfMembers = DefaultMonitoredByNrOfMembers) =>
        new(self, state.Members.Select(m => m.UniqueAddress), state.Reachability.AllUnreachableOrTerminated, monitoredByNrOfMembers);

    public UniqueAddress Self { get; }

    public ImmutableSortedSet<UniqueAddress> Nodes { get; }

    public ImmutableSortedSet<UniqueAddress> Unreachable { get; }

    public int MonitoredByNrOfMembers { get; }

    /// <summary>The nodes this node sends heartbeats to, and whose answers its failure detector watches.</summary>
    public ImmutableSortedSet<UniqueAddress> MyReceivers => Receivers(Self);

    /// <summary>The nodes <paramref name="sender"/> sends heartbeats to.</summary>
    public ImmutableSortedSet<UniqueAddress> Receivers(UniqueAddress sender)
    {
        if (MonitoredByNrOfMembers >= Nodes.Count - 1)
            return Nodes.Remove(sender);

        // Walk the ring from just after the sender, wrapping around, until enough reachable nodes are taken.
        var ring = Nodes.Where(n => n.CompareTo(sender) > 0).Concat(Nodes.Where(n => n.CompareTo(sender) < 0));
        var receivers = ImmutableSortedSet.CreateBuilder<UniqueAddress>();
        int reachableNeeded = MonitoredByNrOfMembers;
        foreach (var node in ring)
        {
            if (reachableNeeded == 0)
                break;
            if (!Unreachable.Contains(node))
            {
                receivers.Add(node);
                reachableNeeded--;
            }
            else if (receivers.Count < MonitoredByNrOfMembers)
            {
                receivers.Add(node);
            }
        }
        return receivers.ToImmutable();
    }
}
