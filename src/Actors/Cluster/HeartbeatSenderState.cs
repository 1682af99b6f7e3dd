using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>
/// Which nodes this node heartbeats and how their answers feed the failure detectors (Akka's
/// ClusterHeartbeatSenderState). Receivers come from the <see cref="HeartbeatNodeRing"/>; a receiver
/// that drops out of the ring while unreachable keeps being heartbeated until it answers, so that it can
/// be marked reachable again. The registry is keyed by address, as heartbeats arrive per address.
/// </summary>
internal sealed class HeartbeatSenderState
{
    private readonly FailureDetectorRegistry<Address> _detectors;

    private HeartbeatSenderState(HeartbeatNodeRing ring, ImmutableSortedSet<UniqueAddress> oldReceiversNowUnreachable, FailureDetectorRegistry<Address> detectors)
    {
        Ring = ring;
        OldReceiversNowUnreachable = oldReceiversNowUnreachable;
        _detectors = detectors;
    }

    public static HeartbeatSenderState Create(UniqueAddress self, FailureDetectorRegistry<Address> detectors,
        int monitoredByNrOfMembers = HeartbeatNodeRing.DefaultMonitoredByNrOfMembers) =>
        new(new HeartbeatNodeRing(self, [], [], monitoredByNrOfMembers), [], detectors);

    public HeartbeatNodeRing Ring { get; }

    /// <summary>Former receivers, no longer in the ring, still heartbeated because they were unreachable.</summary>
    public ImmutableSortedSet<UniqueAddress> OldReceiversNowUnreachable { get; }

    /// <summary>The nodes to send a heartbeat to on each tick.</summary>
    public ImmutableSortedSet<UniqueAddress> ActiveReceivers => Ring.MyReceivers.Union(OldReceiversNowUnreachable);

    /// <summary>
    /// Rebuilds the ring from a snapshot. Receivers that leave the ring stop being monitored, unless their
    /// detector says they are unavailable: those stay active until they answer.
    /// </summary>
    public HeartbeatSenderState MembershipChanged(Membership state)
    {
        var ring = HeartbeatNodeRing.From(state, Ring.Self, Ring.MonitoredByNrOfMembers);
        var old = OldReceiversNowUnreachable;
        foreach (var receiver in ActiveReceivers.Except(ring.MyReceivers))
        {
            if (_detectors.IsAvailable(receiver.Address))
            {
                _detectors.Remove(receiver.Address);
                old = old.Remove(receiver);
            }
            else
            {
                old = old.Add(receiver);
            }
        }
        // Removed incarnations can never answer; stop heartbeating them.
        foreach (var gone in old.Where(n => !state.HasMember(n)))
        {
            _detectors.Remove(gone.Address);
            old = old.Remove(gone);
        }
        return new HeartbeatSenderState(ring, old, _detectors);
    }

    /// <summary>A heartbeat answer arrived from <paramref name="from"/>.</summary>
    public HeartbeatSenderState HeartbeatResponse(UniqueAddress from)
    {
        if (!ActiveReceivers.Contains(from))
            return this;
        _detectors.Heartbeat(from.Address);
        if (!OldReceiversNowUnreachable.Contains(from))
            return this;
        // Back from unreachable: no need to keep heartbeating it outside the ring.
        if (!Ring.MyReceivers.Contains(from))
            _detectors.Remove(from.Address);
        return new HeartbeatSenderState(Ring, OldReceiversNowUnreachable.Remove(from), _detectors);
    }

    /// <summary>
    /// The first answer from a new receiver is overdue (Akka waits heartbeat-expected-response-after):
    /// start its detector anyway, so a node that never answers becomes unreachable.
    /// </summary>
    public void ExpectedFirstHeartbeat(UniqueAddress from)
    {
        if (ActiveReceivers.Contains(from) && !_detectors.IsMonitoring(from.Address))
            _detectors.Heartbeat(from.Address);
    }
}
