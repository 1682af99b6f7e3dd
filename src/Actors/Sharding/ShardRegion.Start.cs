using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace ActorNet.Actors.Sharding;

public sealed partial class ShardRegion
{
    // The coordinators started by ShardRegion.Start in each system, by entity type.
    private static readonly ConditionalWeakTable<ActorSystem, ConcurrentDictionary<string, IActorRef>> Coordinators = new();

    /// <summary>
    /// Starts a region hosting entities of type <paramref name="typeName"/> in <paramref name="system"/>
    /// (under <c>/system</c>) and returns its reference; send entity messages to it.
    /// </summary>
    /// <param name="system">The node's actor system.</param>
    /// <param name="typeName">The entity type's name; regions of one type share a coordinator.</param>
    /// <param name="entityProps">How to create an entity (its id is its actor name, unescaped).</param>
    /// <param name="extractor">Entity and shard ids of messages; must agree on every node.</param>
    /// <param name="settings">Settings; null reads <c>actornet:cluster:sharding</c> from the system's configuration.</param>
    /// <param name="coordinator">
    /// The type's coordinator (the cluster singleton); null uses the one this system started for the type,
    /// starting it on first use.
    /// </param>
    /// <param name="handOffStopMessage">What entities receive when their shard moves (default <see cref="PoisonPill"/>).</param>
    /// <param name="regionName">The region's actor name (default <c>sharding-{typeName}</c>); give distinct names to run several regions in one system.</param>
    /// <exception cref="FormatException">A setting is out of range.</exception>
    /// <exception cref="InvalidActorNameException">The region name is taken or malformed.</exception>
    public static IActorRef Start(ActorSystem system, string typeName, Props entityProps, IMessageExtractor extractor,
        ClusterShardingSettings? settings = null, IActorRef? coordinator = null, object? handOffStopMessage = null, string? regionName = null)
    {
        ArgumentNullException.ThrowIfNull(entityProps);
        return StartRegion(system, typeName, entityProps, extractor, settings, coordinator, handOffStopMessage, regionName ?? $"sharding-{typeName}");
    }

    /// <summary>
    /// Starts a proxy region: it hosts no entities and only routes messages to the regions that do (for
    /// nodes such as a driver or client). Arguments as for <see cref="Start"/>.
    /// </summary>
    public static IActorRef StartProxy(ActorSystem system, string typeName, IMessageExtractor extractor,
        ClusterShardingSettings? settings = null, IActorRef? coordinator = null, string? regionName = null) =>
        StartRegion(system, typeName, null, extractor, settings, coordinator, null, regionName ?? $"sharding-{typeName}-proxy");

    /// <summary>The coordinator <see cref="Start"/> uses by default for <paramref name="typeName"/> in <paramref name="system"/>, started on first use.</summary>
    public static IActorRef DefaultCoordinator(ActorSystem system, string typeName, ClusterShardingSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        var chosen = settings ?? ClusterShardingSettings.FromConfiguration(system.Configuration);
        var byType = Coordinators.GetOrCreateValue(system);
        lock (byType)
        {
            return byType.GetOrAdd(typeName, t => system.SystemActorOf(ShardCoordinator.Props(t, chosen), $"sharding-{t}-coordinator"));
        }
    }

    private static IActorRef StartRegion(ActorSystem system, string typeName, Props? entityProps, IMessageExtractor extractor,
        ClusterShardingSettings? settings, IActorRef? coordinator, object? handOffStopMessage, string regionName)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentNullException.ThrowIfNull(extractor);
        var chosen = settings ?? ClusterShardingSettings.FromConfiguration(system.Configuration);
        chosen.Validate();
        var coordinatorRef = coordinator ?? DefaultCoordinator(system, typeName, chosen);
        var stop = handOffStopMessage ?? PoisonPill.Instance;
        return system.SystemActorOf(
            Props.Create(() => new ShardRegion(typeName, entityProps, extractor, chosen, stop, coordinatorRef)), regionName);
    }
}
