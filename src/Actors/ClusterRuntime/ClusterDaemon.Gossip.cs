using ActorNet.Actors.ClusterRuntime.Proto;
using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.ClusterRuntime;

/// <summary>Gossip: sending the snapshot to a chosen member and merging the ones received.</summary>
internal sealed partial class ClusterDaemon
{
    private void GossipToRandomMember()
    {
        if (!IsMember) return;
        if (GossipTargetSelector.Select(_state, _self, _random) is { } target)
            SendGossip(target);
    }

    private void SendGossip(UniqueAddress to) =>
        DaemonAt(to.Address).Tell(new GossipEnvelope { From = ClusterWire.ToWire(_self), To = ClusterWire.ToWire(to), Gossip = ClusterWire.ToWire(_state) }, Self);

    private void OnGossip(GossipEnvelope envelope)
    {
        UniqueAddress from, to;
        Membership remote;
        try
        {
            from = ClusterWire.FromWire(envelope.From, "gossip sender");
            to = ClusterWire.FromWire(envelope.To, "gossip recipient");
            remote = ClusterWire.FromWire(envelope.Gossip);
        }
        catch (FormatException error)
        {
            _log.LogWarning("cluster node {Self} dropped a malformed gossip: {Error}", _self.Address, error.Message);
            return;
        }
        if (!to.Equals(_self))
        {
            _log.LogDebug("cluster node {Self} ignores gossip meant for {To}", _self, to);
            return;
        }
        if (_shuttingDown) return;
        if (!remote.HasMember(_self))
        {
            // Either not for us yet, or we were removed: the tombstone tells which.
            if (remote.Tombstones.ContainsKey(_self) && IsMember)
                Update(_state.Remove([_self], remote.Tombstones[_self]));
            return;
        }
        if (IsMember && !_state.HasMember(from) && !remote.HasMember(from))
            return; // a node that is not (or no longer) in either view has no say
        bool wasMember = IsMember;
        GossipReceipt receipt;
        try { receipt = GossipMerge.Receive(_state, remote, _self); }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            _log.LogWarning("cluster node {Self} could not merge gossip from {From}: {Error}", _self.Address, from.Address, error.Message);
            return;
        }
        Update(receipt.Membership);
        if (!wasMember && IsMember)
        {
            _log.LogInformation("cluster node {Self} joined through {From}", _self.Address, from.Address);
            Timers.Cancel("join-retry");
        }
        if (receipt.ReplyWithOwn && _state.HasMember(from))
            SendGossip(from);
    }
}
