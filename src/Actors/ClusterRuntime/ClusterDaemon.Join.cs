using System.Collections.Immutable;
using ActorNet.Actors.ClusterRuntime.Proto;
using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.ClusterRuntime;

/// <summary>Joining: through seed nodes, forming the cluster when this node is the first seed.</summary>
internal sealed partial class ClusterDaemon
{
    // The nodes this node asks to let it in, until it is a member.
    private ImmutableArray<Address> _joinTargets = [];

    private void OnJoinSeeds(JoinSeeds command)
    {
        if (IsMember)
        {
            _log.LogInformation("cluster node {Self} is already a member; ignoring the join request", _self.Address);
            return;
        }
        if (command.Seeds[0].Equals(_self.Address))
        {
            // The first seed forms the cluster (Akka lets it try the other seeds first; a restarted first
            // seed therefore starts a new cluster here, which is what a fresh `actornet seed` wants).
            _log.LogInformation("cluster node {Self} is the first seed: forming a new cluster", _self.Address);
            Update(Membership.Empty.Join(_self, _settings.Roles, _self));
            return;
        }
        _joinTargets = [.. command.Seeds.Where(a => !a.Equals(_self.Address))];
        SendJoins();
        Timers.StartPeriodicTimer("join-retry", new JoinRetryTick(), _settings.RetryJoinInterval);
    }

    private void SendJoins()
    {
        if (IsMember || _shuttingDown)
        {
            Timers.Cancel("join-retry");
            return;
        }
        var join = new Join { Node = ClusterWire.ToWire(_self) };
        join.Roles.AddRange(_settings.Roles);
        _log.LogDebug("cluster node {Self} asks {Targets} to join", _self.Address, string.Join(", ", _joinTargets));
        foreach (var target in _joinTargets)
            DaemonAt(target).Tell(join, Self);
    }

    /// <summary>A node asks to join: add it as Joining and welcome it with the snapshot.</summary>
    private void OnJoinRequest(Join join)
    {
        UniqueAddress node;
        try { node = ClusterWire.FromWire(join.Node, "join"); }
        catch (FormatException error)
        {
            _log.LogWarning("cluster node {Self} dropped a malformed join: {Error}", _self.Address, error.Message);
            return;
        }
        if (!IsMember || _state.Member(_self)!.Status is not (MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining))
            return; // not able to let anyone in (yet); the node retries
        if (node.Address.Equals(_self.Address)) return;
        try
        {
            var next = _state.Join(node, join.Roles, _self);
            if (!ReferenceEquals(next, _state))
                _log.LogInformation("cluster node {Self} lets {Node} join with roles [{Roles}]", _self.Address, node.Address, string.Join(",", join.Roles));
            Update(next);
        }
        catch (ArgumentException error)
        {
            _log.LogWarning("cluster node {Self} refused the join of {Node}: {Error}", _self.Address, node.Address, error.Message);
            return;
        }
        if (_state.HasMember(node)) SendGossip(node);
    }
}
