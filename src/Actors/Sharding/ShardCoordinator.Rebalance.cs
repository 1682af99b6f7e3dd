namespace ActorNet.Actors.Sharding;

public sealed partial class ShardCoordinator
{
    // Shards being handed off: who still has to acknowledge, who waits for the new home.
    private readonly Dictionary<string, HandOffInProgress> _rebalancing = new(StringComparer.Ordinal);
    // Distinguishes handoff timers of successive handoffs of one shard.
    private long _handOffGeneration;

    private void OnRebalanceTick()
    {
        var shards = _strategy.Rebalance(Allocations(includeLeaving: false), _rebalancing.Keys.ToHashSet(StringComparer.Ordinal));
        foreach (var shardId in shards)
        {
            if (_rebalancing.ContainsKey(shardId) || !_shardHome.ContainsKey(shardId))
                throw new InvalidOperationException($"{_strategy.GetType().Name} chose shard '{shardId}' to rebalance, which is not allocated or already moving");
            StartHandOff(shardId);
        }
    }

    private void OnGracefulShutdownRequest(IActorRef region)
    {
        if (!_regionShards.TryGetValue(region, out var shards)) return;
        if (_leaving.Add(region)) ShardingLog.RegionLeaving(_log, _typeName, region.Path.ToString(), shards.Count);
        foreach (var shardId in shards.Order(StringComparer.Ordinal).ToArray())
            if (!_rebalancing.ContainsKey(shardId)) StartHandOff(shardId);
    }

    /// <summary>Step one: every region and proxy stops routing to the shard (it buffers instead).</summary>
    private void StartHandOff(string shardId)
    {
        var owner = _shardHome[shardId];
        var moving = new HandOffInProgress(owner, ++_handOffGeneration, [.. _regionOrder, .. _proxies]);
        _rebalancing[shardId] = moving;
        ShardingLog.StartingHandOff(_log, _typeName, shardId, owner.Path.ToString());
        foreach (var region in moving.AwaitingAck) region.Tell(new BeginHandOff(shardId));
        // Twice the shard's own limit: a live owner stops its entities forcibly at HandOffTimeout and reports,
        // so giving up only covers an owner that no longer answers at all.
        Timers.StartSingleTimer(moving.TimerKey, new HandOffTimedOut(shardId, moving.Generation), 2 * _settings.HandOffTimeout);
        SendHandOffWhenAcknowledged(shardId, moving);
    }

    private void OnBeginHandOffAck(string shardId, IActorRef region)
    {
        if (!_rebalancing.TryGetValue(shardId, out var moving)) return;
        moving.AwaitingAck.Remove(region);
        SendHandOffWhenAcknowledged(shardId, moving);
    }

    /// <summary>A region that stopped cannot acknowledge; count it as done for every shard in flight.</summary>
    private void AcknowledgeForGoneRegion(IActorRef region)
    {
        foreach (var (shardId, moving) in _rebalancing.ToArray())
            if (moving.AwaitingAck.Remove(region)) SendHandOffWhenAcknowledged(shardId, moving);
    }

    /// <summary>Step two, once nobody routes to the shard any more: its owner stops it.</summary>
    private static void SendHandOffWhenAcknowledged(string shardId, HandOffInProgress moving)
    {
        if (moving.AwaitingAck.Count > 0 || moving.HandOffSent) return;
        moving.HandOffSent = true;
        moving.Owner.Tell(new HandOff(shardId));
    }

    /// <summary>Step three: the shard stopped at its owner; allocate it again (the least loaded region gets it).</summary>
    private void OnShardStopped(ShardStopped stopped)
    {
        // Only the owner's answer counts (from its shard, or from the owner itself when it had no shard actor);
        // others are late answers after a timeout or a duplicate copy stopped after a coordinator change.
        if (!_rebalancing.TryGetValue(stopped.ShardId, out var moving)
            || !(Sender.Equals(moving.Owner) || Sender.Path.Parent.Equals(moving.Owner.Path))) return;
        _rebalancing.Remove(stopped.ShardId);
        Timers.Cancel(moving.TimerKey);
        if (_shardHome.Remove(stopped.ShardId, out var owner)) _regionShards[owner].Remove(stopped.ShardId);
        if (stopped.Carried.Count > 0) _carriedUnallocated[stopped.ShardId] = stopped.Carried;
        Reallocate(stopped.ShardId, moving.Deferred); // a leaving owner is no candidate; it stops once its shards are gone
    }

    /// <summary>
    /// The coordinator's own death watch reported <paramref name="region"/> after others did: the shards that
    /// waited for their <see cref="ShardStopped"/> from it will not get one (it would have arrived first), so
    /// they are allocated afresh.
    /// </summary>
    private void ReallocateStillStopping(IActorRef region)
    {
        foreach (var (shardId, moving) in _rebalancing.Where(r => r.Value.OwnerGone && r.Value.Owner.Equals(region)).ToArray())
        {
            ShardingLog.HandOffLost(_log, _typeName, shardId, region.Path.ToString());
            ReallocateLost(shardId);
        }
    }

    private void OnHandOffTimedOut(HandOffTimedOut timedOut)
    {
        if (!_rebalancing.TryGetValue(timedOut.ShardId, out var moving) || moving.Generation != timedOut.Generation) return;
        if (moving.OwnerGone)
        {
            ShardingLog.HandOffLost(_log, _typeName, timedOut.ShardId, moving.Owner.Path.ToString());
            ReallocateLost(timedOut.ShardId);
            return;
        }
        _rebalancing.Remove(timedOut.ShardId);
        ShardingLog.HandOffTimedOut(_log, _typeName, timedOut.ShardId, moving.Owner.Path.ToString(), 2 * _settings.HandOffTimeout);
        foreach (var requester in moving.Deferred) requester.Tell(new ShardHome(timedOut.ShardId, moving.Owner));
    }

    /// <summary>One shard's handoff.</summary>
    private sealed class HandOffInProgress(IActorRef owner, long generation, IEnumerable<IActorRef> awaitingAck)
    {
        public IActorRef Owner { get; } = owner;
        public long Generation { get; } = generation;
        public HashSet<IActorRef> AwaitingAck { get; } = [.. awaitingAck];
        public List<IActorRef> Deferred { get; } = [];
        public bool HandOffSent { get; set; }
        // The owner was reported gone by someone else while the shard stopped; its ShardStopped may still come.
        public bool OwnerGone { get; set; }
        public object TimerKey => ("handoff", Generation);
    }

    /// <summary>The handoff of a shard took longer than <see cref="ClusterShardingSettings.HandOffTimeout"/>.</summary>
    private sealed record HandOffTimedOut(string ShardId, long Generation);
}
