using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace ActorNet.Actors.Sharding;

/// <summary>
/// Sharding wired to cluster membership (Akka's <c>ClusterSharding</c> extension): <see cref="Start"/> runs a
/// region of an entity type on this node and the type's <see cref="ShardCoordinator"/> as a cluster
/// singleton on the oldest Up member; regions follow the coordinator when the oldest changes, the shards of a
/// removed member are allocated to the survivors, and on coordinated shutdown (before the cluster leave) the
/// local regions hand their shards off. Needs the cluster (<see cref="Cluster.Get"/>, i.e. remoting).
/// </summary>
public sealed class ClusterSharding
{
    private static readonly ConditionalWeakTable<ActorSystem, ClusterSharding> s_extensions = new();

    private readonly ActorSystem _system;
    // The singleton manager of each entity type started on this node.
    private readonly ConcurrentDictionary<string, IActorRef> _managers = new(StringComparer.Ordinal);
    // The region (or proxy) of each entity type, by region name.
    private readonly ConcurrentDictionary<string, IActorRef> _regions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private ClusterSharding(ActorSystem system)
    {
        _system = system;
        Cluster.Get(system); // fails early without remoting
    }

    /// <summary>The sharding extension of <paramref name="system"/>, created on the first call (starting the cluster extension).</summary>
    /// <exception cref="InvalidOperationException">Remoting is off.</exception>
    public static ClusterSharding Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return s_extensions.GetValue(system, s => new ClusterSharding(s));
    }

    /// <summary>
    /// Starts (once; later calls return the same reference) this node's region for entities of type
    /// <paramref name="typeName"/> and returns it; send entity messages to it.
    /// </summary>
    /// <param name="typeName">The entity type's name; the same on every node.</param>
    /// <param name="entityProps">How to create an entity (its id is its actor name, unescaped).</param>
    /// <param name="extractor">Entity and shard ids of messages; must agree on every node.</param>
    /// <param name="settings">Settings; null reads <c>actornet:cluster:sharding</c> from the system's configuration.</param>
    /// <param name="role">When set, only members with this role run the coordinator (the first start of a type on a node decides).</param>
    /// <param name="handOffStopMessage">What entities receive when their shard moves (default <see cref="PoisonPill"/>).</param>
    /// <exception cref="FormatException">A setting is out of range.</exception>
    public IActorRef Start(string typeName, Props entityProps, IMessageExtractor extractor, ClusterShardingSettings? settings = null,
        string? role = null, object? handOffStopMessage = null)
    {
        ArgumentNullException.ThrowIfNull(entityProps);
        return StartRegion(typeName, RegionNames(typeName)[0], settings, role,
            (chosen, manager) => ShardRegion.Start(_system, typeName, entityProps, extractor, chosen, manager, handOffStopMessage, RegionNames(typeName)[0]));
    }

    /// <summary>
    /// Starts (once) a proxy for entities of type <paramref name="typeName"/>: it hosts nothing and routes to
    /// the regions that do (for drivers and clients that are cluster members). Arguments as for <see cref="Start"/>.
    /// </summary>
    public IActorRef StartProxy(string typeName, IMessageExtractor extractor, ClusterShardingSettings? settings = null, string? role = null) =>
        StartRegion(typeName, RegionNames(typeName)[1], settings, role,
            (chosen, manager) => ShardRegion.StartProxy(_system, typeName, extractor, chosen, manager, RegionNames(typeName)[1]));

    /// <summary>The region started on this node for <paramref name="typeName"/> by <see cref="Start"/>.</summary>
    /// <exception cref="ArgumentException">No region of that type was started here.</exception>
    public IActorRef ShardRegionOf(string typeName) =>
        _regions.TryGetValue(RegionNames(typeName)[0], out var region)
            ? region
            : throw new ArgumentException($"no shard region of type '{typeName}' was started on {_system.Address}", nameof(typeName));

    /// <summary>The actor names (under <c>/system</c>) of a type's region and proxy, the same on every node.</summary>
    internal static string[] RegionNames(string typeName) => [$"sharding-{typeName}", $"sharding-{typeName}-proxy"];

    private IActorRef StartRegion(string typeName, string regionName, ClusterShardingSettings? settings, string? role,
        Func<ClusterShardingSettings, IActorRef, IActorRef> start)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        var chosen = settings ?? ClusterShardingSettings.FromConfiguration(_system.Configuration);
        chosen.Validate();
        lock (_gate)
        {
            if (_regions.TryGetValue(regionName, out var existing)) return existing;
            var manager = ManagerOf(typeName, chosen, role);
            // The region starts talking to the manager, which forwards until it names the real coordinator.
            var region = start(chosen, manager);
            manager.Tell(new CoordinatorSingletonManager.AddRegion(region));
            _regions[regionName] = region;
            return region;
        }
    }

    private IActorRef ManagerOf(string typeName, ClusterShardingSettings settings, string? role)
    {
        if (_managers.TryGetValue(typeName, out var manager)) return manager;
        manager = _system.SystemActorOf(
            CoordinatorSingletonManager.Props(typeName, ShardCoordinator.Props(typeName, settings), role),
            CoordinatorSingletonManager.Name(typeName));
        _managers[typeName] = manager;
        // Before the cluster leave: hand the shards off while this node is still Up and reachable.
        _system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseClusterShardingShutdownRegion, $"sharding {typeName} hand-off",
            () => HandOffOnShutdown(manager));
        return manager;
    }

    private Task HandOffOnShutdown(IActorRef manager)
    {
        // A downed node has nobody to hand off to: the survivors allocate its shards when it is removed. When the whole
        // cluster stops, nobody stays: handing off would only pass the shards around the leaving nodes (and wait, up to the
        // phase's timeout, for a coordinator that is leaving too).
        if (_system.CoordinatedShutdown.Reason == ShutdownReason.ClusterDowning || _system.CoordinatedShutdown.Reason == ShutdownReason.ClusterStopping)
            return Task.CompletedTask;
        if (Cluster.Get(_system).SelfMember.Status is not (MemberStatus.Up or MemberStatus.WeaklyUp)) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        manager.Tell(new CoordinatorSingletonManager.ShutdownRegions(done));
        return done.Task;
    }
}
