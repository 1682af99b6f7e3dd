using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.Sharding;

/// <summary>
/// Decides which region hosts each shard of one entity type. There is one per entity type in the cluster
/// (the cluster runs it as a singleton on the oldest node; without a cluster, the first
/// <see cref="ShardRegion.Start"/> in a system creates it). It watches every region: a region that stops,
/// or is reported with <see cref="RemoveRegion"/>, has its shards allocated to the others; a region that
/// sends <see cref="GracefulShutdown"/> has its shards handed off first. Every
/// <see cref="ClusterShardingSettings.RebalanceInterval"/> it asks its <see cref="IShardAllocationStrategy"/>
/// which shards to move and hands them off. Its state lives in memory only.
/// </summary>
public sealed partial class ShardCoordinator : ReceiveActor, IWithTimers
{
    // The entity type this coordinator serves (for logs).
    private readonly string _typeName;
    // Timeouts and intervals.
    private readonly ClusterShardingSettings _settings;
    // Where shards go and which move.
    private readonly IShardAllocationStrategy _strategy;
    private readonly ILogger _log;
    // Hosting regions in registration order (ties in allocation go to the earliest).
    private readonly List<IActorRef> _regionOrder = [];
    // Shards allocated to each hosting region.
    private readonly Dictionary<IActorRef, HashSet<string>> _regionShards = [];
    // Registered proxies (told about handoffs, never allocated shards).
    private readonly HashSet<IActorRef> _proxies = [];
    // The region of each allocated shard.
    private readonly Dictionary<string, IActorRef> _shardHome = new(StringComparer.Ordinal);
    // Regions leaving gracefully: no new shards for them.
    private readonly HashSet<IActorRef> _leaving = [];
    // Shard-home requests that wait for a region able to host (none registered, or all leaving).
    private readonly List<(string ShardId, IActorRef Requester)> _waitingForRegion = [];
    // State handed over by stopped shards whose next home is not chosen yet.
    private readonly Dictionary<string, IReadOnlyList<CarriedEntityMessage>> _carriedUnallocated = new(StringComparer.Ordinal);

    /// <summary>The actor's timers (assigned by the runtime).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private ShardCoordinator(string typeName, ClusterShardingSettings settings, IShardAllocationStrategy strategy)
    {
        _typeName = typeName;
        _settings = settings;
        _strategy = strategy;
        _log = Context.System.LoggerFactory.CreateLogger("ActorNet.Actors.Sharding");

        Receive<Register>(r => OnRegister(r.Region, r.HostedShards));
        Receive<RegisterProxy>(r => OnRegisterProxy(r.Proxy));
        Receive<GetShardHome>(g => OnGetShardHome(g.ShardId, Sender));
        Receive<BeginHandOffAck>(a => OnBeginHandOffAck(a.ShardId, Sender));
        Receive<ShardStopped>(OnShardStopped);
        Receive<HandOffTimedOut>(OnHandOffTimedOut);
        Receive<RebalanceTick>(_ => OnRebalanceTick());
        Receive<GracefulShutdownRequest>(g => OnGracefulShutdownRequest(g.Region));
        Receive<RemoveRegion>(r => OnRegionGone(r.Region, ownWatch: false));
        Receive<Terminated>(t => OnRegionGone(t.ActorRef, ownWatch: true));
        Receive<GetShardAllocations>(_ => Sender.Tell(new CurrentShardAllocations(Allocations(includeLeaving: true))));
    }

    /// <summary>Props for a coordinator of entity type <paramref name="typeName"/>.</summary>
    /// <param name="typeName">The entity type's name (for logs).</param>
    /// <param name="settings">Sharding settings (rebalance interval, handoff timeout).</param>
    /// <param name="strategy">Allocation strategy; null uses <see cref="LeastShardAllocationStrategy"/> with <see cref="ClusterShardingSettings.RebalanceMaxSimultaneous"/>.</param>
    public static Props Props(string typeName, ClusterShardingSettings settings, IShardAllocationStrategy? strategy = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var chosen = strategy ?? new LeastShardAllocationStrategy(settings.RebalanceMaxSimultaneous);
        return Actors.Props.Create(() => new ShardCoordinator(typeName, settings, chosen));
    }

    /// <inheritdoc />
    protected override void PreStart() =>
        Timers.StartPeriodicTimer(RebalanceTick.Instance, RebalanceTick.Instance, _settings.RebalanceInterval);

    private void OnRegister(IActorRef region, IReadOnlyCollection<string> hostedShards)
    {
        if (!_regionShards.TryGetValue(region, out var shards))
        {
            _proxies.Remove(region);
            _regionOrder.Add(region);
            _regionShards[region] = shards = new HashSet<string>(StringComparer.Ordinal);
            Context.Watch(region);
            ShardingLog.RegionRegistered(_log, _typeName, region.Path.ToString());
        }
        foreach (var shardId in hostedShards) AdoptReportedShard(region, shards, shardId);
        region.Tell(new RegisterAck(Self));
        ServeWaitingRequests();
    }

    /// <summary>
    /// A registering region already hosts <paramref name="shardId"/> (it registered with an earlier coordinator):
    /// keep it there, unless the shard is allocated elsewhere already, in which case that region's copy stops.
    /// </summary>
    private void AdoptReportedShard(IActorRef region, HashSet<string> shards, string shardId)
    {
        if (!_shardHome.TryGetValue(shardId, out var home))
        {
            _shardHome[shardId] = region;
            shards.Add(shardId);
        }
        else if (!home.Equals(region))
        {
            region.Tell(new BeginHandOff(shardId)); // drop it from the region's cache, then stop the local copy
            region.Tell(new HandOff(shardId));
        }
    }

    private void OnRegisterProxy(IActorRef proxy)
    {
        if (!_regionShards.ContainsKey(proxy) && _proxies.Add(proxy)) Context.Watch(proxy);
        proxy.Tell(new RegisterAck(Self));
    }

    private void OnGetShardHome(string shardId, IActorRef requester)
    {
        if (_rebalancing.TryGetValue(shardId, out var moving))
            moving.Deferred.Add(requester);
        else if (_shardHome.TryGetValue(shardId, out var home))
            requester.Tell(new ShardHome(shardId, home));
        else if (Allocate(shardId, requester) is { } allocated)
            requester.Tell(new ShardHome(shardId, allocated));
        else
            _waitingForRegion.Add((shardId, requester));
    }

    /// <summary>Picks a home for an unallocated shard and tells that region to host it; null when no region can.</summary>
    private IActorRef? Allocate(string shardId, IActorRef requester)
    {
        var candidates = Allocations(includeLeaving: false);
        if (candidates.Count == 0) return null;
        var region = _strategy.AllocateShard(requester, shardId, candidates);
        if (!_regionShards.TryGetValue(region, out var shards) || _leaving.Contains(region))
            throw new InvalidOperationException($"{_strategy.GetType().Name} allocated shard '{shardId}' to {region.Path}, which is not a registered region able to host");
        shards.Add(shardId);
        _shardHome[shardId] = region;
        _carriedUnallocated.Remove(shardId, out var carried);
        // Sent before any ShardHome naming this region, so the region knows the shard before traffic for it arrives.
        region.Tell(new HostShard(shardId, carried ?? []));
        return region;
    }

    /// <summary>Re-homes a shard that lost its region, answering whoever waits for it.</summary>
    private void Reallocate(string shardId, IReadOnlyList<IActorRef> waiting)
    {
        var requester = waiting.Count > 0 ? waiting[0] : ActorRefs.Nobody;
        if (Allocate(shardId, requester) is { } region)
        {
            foreach (var w in waiting) w.Tell(new ShardHome(shardId, region));
        }
        else
        {
            foreach (var w in waiting) _waitingForRegion.Add((shardId, w));
        }
    }

    private void ServeWaitingRequests()
    {
        if (_waitingForRegion.Count == 0) return;
        var waiting = _waitingForRegion.ToArray();
        _waitingForRegion.Clear();
        foreach (var (shardId, requester) in waiting) OnGetShardHome(shardId, requester);
    }

    /// <summary>
    /// A region is gone: its shards are allocated to the others. <paramref name="ownWatch"/> tells that this
    /// coordinator's death watch reported it: that Terminated comes over the region's own connection, behind
    /// every <see cref="ShardStopped"/> its shards sent before it stopped, so nothing more can come from it. A
    /// <see cref="RemoveRegion"/> from another region or the singleton manager comes over another connection and
    /// can overtake those (a region that left gracefully stops right after its last shards reported): a shard
    /// already told to hand off keeps waiting for its ShardStopped, and the state it carries, until that
    /// arrives, the own Terminated comes, or the handoff times out.
    /// </summary>
    private void OnRegionGone(IActorRef region, bool ownWatch)
    {
        _proxies.Remove(region);
        _waitingForRegion.RemoveAll(w => w.Requester.Equals(region));
        foreach (var moving in _rebalancing.Values) moving.Deferred.RemoveAll(region.Equals);
        if (_regionShards.Remove(region, out var shards))
        {
            _regionOrder.Remove(region);
            _leaving.Remove(region);
            ShardingLog.RegionGone(_log, _typeName, region.Path.ToString(), shards.Count);
            foreach (var shardId in shards.Order(StringComparer.Ordinal))
            {
                _shardHome.Remove(shardId);
                if (!ownWatch && _rebalancing.TryGetValue(shardId, out var moving) && moving.HandOffSent)
                    moving.OwnerGone = true; // its ShardStopped may still be on the way
                else
                    ReallocateLost(shardId);
            }
        }
        if (ownWatch) ReallocateStillStopping(region);
        if (!_rebalancing.Values.Any(m => m.OwnerGone && m.Owner.Equals(region))) Context.Unwatch(region);
        AcknowledgeForGoneRegion(region);
    }

    /// <summary>Allocates a shard whose region is gone (ending its handoff, if any), answering whoever waits for it.</summary>
    private void ReallocateLost(string shardId)
    {
        var waiting = _rebalancing.Remove(shardId, out var moving) ? moving.Deferred : [];
        if (moving is not null) Timers.Cancel(moving.TimerKey);
        Reallocate(shardId, waiting);
    }

    /// <summary>The hosting regions (optionally without the leaving ones) with their shards, in registration order.</summary>
    private List<KeyValuePair<IActorRef, IReadOnlyCollection<string>>> Allocations(bool includeLeaving) =>
        _regionOrder
            .Where(r => includeLeaving || !_leaving.Contains(r))
            .Select(r => new KeyValuePair<IActorRef, IReadOnlyCollection<string>>(r, _regionShards[r].Order(StringComparer.Ordinal).ToArray()))
            .ToList();

    /// <summary>The periodic rebalance trigger.</summary>
    private sealed record RebalanceTick
    {
        public static RebalanceTick Instance { get; } = new();
    }
}
