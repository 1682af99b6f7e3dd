namespace ActorNet.Actors.Sharding;

public sealed partial class ShardRegion
{
    // Known shard homes (this region for local shards).
    private readonly Dictionary<string, IActorRef> _regionByShard = new(StringComparer.Ordinal);
    // Shards known to live in each other region (for cleanup when one stops).
    private readonly Dictionary<IActorRef, HashSet<string>> _shardsByRegion = [];
    // Local shard actors by shard id.
    private readonly Dictionary<string, IActorRef> _shards = new(StringComparer.Ordinal);
    // Local shard actors to shard ids.
    private readonly Dictionary<IActorRef, string> _shardIdsByRef = [];
    // Local shard actors stopping for a handoff (messages for them wait until they are gone).
    private readonly HashSet<IActorRef> _handingOff = [];
    // Messages waiting for a shard home or for a stopping shard to finish.
    private readonly MessageBuffer _buffer;
    // Shards whose home was asked for and not answered yet.
    private readonly HashSet<string> _requested = new(StringComparer.Ordinal);
    // State for shards this region must host again while their previous incarnation still stops.
    private readonly Dictionary<string, IReadOnlyList<CarriedEntityMessage>> _carriedWaiting = new(StringComparer.Ordinal);
    // Suffix counter for shard actor names still held by a stopping predecessor.
    private long _incarnation;

    /// <summary>Routes one message: to a local shard, to the region hosting the shard, or into the buffer.</summary>
    private void Deliver(object message, IActorRef sender)
    {
        // The entity id is checked by the shard; the region needs only the shard id.
        string? shardId = _extractor.ShardId(message);
        if (shardId is null)
        {
            ShardingLog.NotExtractable(_log, _typeName, message.GetType().Name);
            Context.System.DeadLetters.Tell(new DeadLetter(message, sender, Self));
            return;
        }
        if (!_regionByShard.TryGetValue(shardId, out var home))
        {
            if (_shards.TryGetValue(shardId, out var moving) && !_handingOff.Contains(moving))
            {
                // The shard is about to move (BeginHandOff) but still lives here until its HandOff comes: what
                // reaches it now (e.g. sent by a region before it stopped routing here) goes to its entities and
                // so moves with them, ahead of what the other regions buffer meanwhile. Held here instead, it
                // would wait for the new home and could overtake later messages or be lost when this region leaves.
                moving.Tell(message, sender);
                return;
            }
            Buffer(shardId, message, sender);
            if (_requested.Add(shardId))
            {
                _coordinator.Tell(new GetShardHome(shardId));
                EnsureRetrying();
            }
        }
        else if (!home.Equals(Self))
        {
            if (IsHeldBack(home)) Buffer(shardId, message, sender); // sent when its node is reachable again, or re-homed when removed
            else home.Tell(message, sender);
        }
        else if (_shards.TryGetValue(shardId, out var shard) && _handingOff.Contains(shard))
        {
            Buffer(shardId, message, sender); // delivered to the next incarnation once this one stopped
        }
        else
        {
            (shard ?? StartShard(shardId, [])).Tell(message, sender);
        }
    }

    private void Buffer(string shardId, object message, IActorRef sender)
    {
        if (_buffer.TryAdd(shardId, message, sender)) return;
        ShardingLog.BufferOverflow(_log, _typeName, Self.Path.ToString(), _settings.BufferSize, message.GetType().Name, shardId);
        Context.System.DeadLetters.Tell(new DeadLetter(message, sender, Self));
    }

    private void DeliverBuffered(string shardId)
    {
        foreach (var (message, sender) in _buffer.Take(shardId)) Deliver(message, sender);
    }

    private void OnShardHome(string shardId, IActorRef region)
    {
        _requested.Remove(shardId);
        if (region.Equals(Self))
        {
            if (IsProxy)
            {
                ShardingLog.ProxyAskedToHost(_log, _typeName, Self.Path.ToString(), shardId);
                return;
            }
            _regionByShard[shardId] = Self;
        }
        else
        {
            Remember(shardId, region);
        }
        DeliverBuffered(shardId);
        StopRetryingWhenIdle();
        StopIfLeftEmpty();
    }

    private void Remember(string shardId, IActorRef region)
    {
        if (_regionByShard.TryGetValue(shardId, out var previous) && _shardsByRegion.TryGetValue(previous, out var old)) old.Remove(shardId);
        _regionByShard[shardId] = region;
        if (!_shardsByRegion.TryGetValue(region, out var shards))
        {
            _shardsByRegion[region] = shards = new HashSet<string>(StringComparer.Ordinal);
            Context.Watch(region);
        }
        shards.Add(shardId);
    }

    private void OnHostShard(HostShard host)
    {
        if (IsProxy)
        {
            ShardingLog.ProxyAskedToHost(_log, _typeName, Self.Path.ToString(), host.ShardId);
            return;
        }
        if (_regionByShard.TryGetValue(host.ShardId, out var previous) && _shardsByRegion.TryGetValue(previous, out var old)) old.Remove(host.ShardId);
        _regionByShard[host.ShardId] = Self;
        if (_shards.TryGetValue(host.ShardId, out var existing))
        {
            if (_handingOff.Contains(existing)) _carriedWaiting[host.ShardId] = host.Carried;
        }
        else
        {
            StartShard(host.ShardId, host.Carried);
        }
        DeliverBuffered(host.ShardId);
    }

    private IActorRef StartShard(string shardId, IReadOnlyList<CarriedEntityMessage> carried)
    {
        var props = Props.Create(() => new Shard(_typeName, shardId, _entityProps!, _extractor, _settings, _handOffStopMessage, carried));
        var shard = Context.ActorOf(props, ChildNames.Free(Context, shardId, ref _incarnation));
        Context.Watch(shard);
        _shards[shardId] = shard;
        _shardIdsByRef[shard] = shardId;
        return shard;
    }

    private void OnBeginHandOff(string shardId)
    {
        if (_regionByShard.Remove(shardId, out var home) && _shardsByRegion.TryGetValue(home, out var shards)) shards.Remove(shardId);
        Sender.Tell(new BeginHandOffAck(shardId));
    }

    private void OnHandOff(string shardId)
    {
        if (_shards.TryGetValue(shardId, out var shard))
        {
            _handingOff.Add(shard);
            shard.Tell(new HandOff(shardId), Sender); // the shard answers the coordinator with ShardStopped
        }
        else
        {
            Sender.Tell(new ShardStopped(shardId, []));
        }
    }

    private void OnShardTerminated(IActorRef shard)
    {
        _shardIdsByRef.Remove(shard, out var shardId);
        _handingOff.Remove(shard);
        if (_shards.TryGetValue(shardId!, out var current) && current.Equals(shard)) _shards.Remove(shardId!);
        if (_regionByShard.TryGetValue(shardId!, out var home) && home.Equals(Self) && !_shards.ContainsKey(shardId!))
        {
            // Hosted here again (after a handoff back to this region, or a crash): start it afresh.
            _carriedWaiting.Remove(shardId!, out var carried);
            if (carried is not null || _buffer.Has(shardId!)) StartShard(shardId!, carried ?? []);
        }
        DeliverBuffered(shardId!);
        StopIfLeftEmpty();
    }
}
