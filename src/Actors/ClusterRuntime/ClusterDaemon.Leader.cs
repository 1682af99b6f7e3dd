using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.ClusterRuntime;

/// <summary>Leader actions, the downing resolver, and Leave/Down commands.</summary>
internal sealed partial class ClusterDaemon
{
    // Removed incarnations are remembered this long so that stale gossip cannot bring them back (Akka: 24 h).
    private static readonly TimeSpan TombstoneLifetime = TimeSpan.FromHours(24);

    private readonly SplitBrainResolver? _resolver;

    private void OnLeaderTick()
    {
        if (!IsMember || _shuttingDown) return;
        var now = Context.System.TimeProvider.GetUtcNow();
        var next = LeaderActions.OnConvergence(_state, _self, now);
        if (ReferenceEquals(next, _state))
            next = LeaderActions.MoveJoiningToWeaklyUp(_state, _self);
        Update(next.PruneTombstones(now - TombstoneLifetime));

        if (_resolver?.Tick(_state) is { } decision)
        {
            _log.LogWarning("cluster node {Self} (leader) resolves the partition: {Decision}, downing {Nodes}",
                _self.Address, decision.Decision, string.Join(", ", decision.NodesToDown.Select(n => n.Address)));
            Update(decision.Apply(_state, _self));
        }
    }

    /// <summary>Applies a Leave or Down to the member at an address (any member may ask, as in Akka).</summary>
    private void ChangeMember(Address address, Func<Membership, UniqueAddress, Membership> change)
    {
        var member = _state.Members.FirstOrDefault(m => m.Address.Equals(address));
        if (member is null)
        {
            _log.LogInformation("cluster node {Self}: {Address} is not a member; nothing to change", _self.Address, address);
            if (address.Equals(_self.Address)) _cluster.Exited();
            return;
        }
        Update(change(_state, member.UniqueAddress));
    }
}
