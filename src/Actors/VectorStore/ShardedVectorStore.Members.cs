using ActorNet.ControlPlane;
using ActorNet.DataPlane;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;

namespace ActorNet.VectorStore;

/// <summary>Starting the store's regions, which members host it, and a client for any member (see <see cref="ForMember"/>).</summary>
public sealed partial class ShardedVectorStore
{
    /// <summary>The HOCON path naming the role whose members host the store (default <c>worker</c>; blank: none).</summary>
    public const string HostRoleKey = "actornet.cluster.sharding.vector-store.host-role";

    /// <summary>The HOCON path of the default slice size in floats (default 262144: 1 MiB per slice).</summary>
    public const string SliceSizeKey = "actornet.cluster.sharding.vector-store.slice-size";

    /// <summary>The HOCON path of the store's number of shards (default 100).</summary>
    public const string NumberOfShardsKey = "actornet.cluster.sharding.vector-store.number-of-shards";

    /// <summary>The hosting role when <see cref="HostRoleKey"/> is not set.</summary>
    public const string DefaultHostRole = "worker";

    // Floats per slice when the configuration does not say: bigger slices cost fewer requests per float
    // (bench/training.sh measured 16384-float slices 1.9–2.6× slower per averaging round).
    private const int DefaultSliceFloats = 262144;
    private const int DefaultShards = 100;
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The store's sharding settings: entities hold weights, so never passivated (<c>passivate-idle-entity-after = off</c>)
    /// and not remembered; coordinator state in distributed data.
    /// </summary>
    private static readonly Config StoreSharding = ConfigurationFactory.ParseString("""
        passivate-idle-entity-after = off
        remember-entities = off
        state-store-mode = ddata
        """);

    /// <summary>
    /// Starts (once) this node's region of the store through <see cref="ClusterSharding"/>, hosting slices here, and
    /// returns a client using it. The node's data plane node must be attached (<see cref="DataPlaneExtension"/>): the
    /// store serves its slices' floats on it. <paramref name="role"/>, when set, restricts hosting and the coordinator
    /// to members with that role (every node of the store, proxies included, must pass the same role); the first
    /// start's <paramref name="updates"/> are the rules slices on this node apply (register user rules on every node).
    /// Shards never rebalance (see <see cref="NoRebalanceAllocation"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">No data plane node is attached to <paramref name="system"/>.</exception>
    public static ShardedVectorStore StartInCluster(ActorSystem system, VectorUpdateRegistry? updates = null, int? sliceSize = null, string? role = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var host = VectorStoreHost.Get(system);
        host.Host(updates ?? new VectorUpdateRegistry(), role);
        var sharding = ClusterSharding.Get(system);
        var region = sharding.Start(TypeName,
            id => id == VectorStoreExtractor.CatalogId ? Props.Create(() => new CatalogEntity(host)) : Props.Create(() => new SliceEntity(host, id)),
            Settings(system, role), new VectorStoreExtractor(NumberOfShards(system)), new NoRebalanceAllocation(), VectorStoreHandOff.Instance);
        return new ShardedVectorStore(system, region, sliceSize ?? DefaultSliceSize(system), AskTimeout(system), host.Registry);
    }

    /// <summary>
    /// Starts (once) a proxy of the store through <see cref="ClusterSharding"/> (this member hosts no slices) and returns a
    /// client using it; <paramref name="role"/> as for <see cref="StartInCluster"/>. The node still needs its data plane node.
    /// </summary>
    public static ShardedVectorStore StartProxyInCluster(ActorSystem system, int? sliceSize = null, string? role = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        _ = DataPlaneExtension.Get(system).Node; // fails clearly now rather than at the first request
        var region = ClusterSharding.Get(system).StartProxy(TypeName, role!, new VectorStoreExtractor(NumberOfShards(system)));
        return new ShardedVectorStore(system, region, sliceSize ?? DefaultSliceSize(system), AskTimeout(system));
    }

    /// <summary>The role whose members host the store in <paramref name="system"/>'s configuration; null when hosting is turned off.</summary>
    public static string? HostRole(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        string? role = NodeConfiguration.Of(system)[Key(HostRoleKey)];
        if (role is null) return DefaultHostRole;
        role = role.Trim();
        return role.Length == 0 ? null : role;
    }

    /// <summary>
    /// Starts this node's region of the store when the member has the hosting role (what <c>actornet worker</c> and
    /// local-cluster workers do at start); returns the role, or null when this member hosts nothing.
    /// </summary>
    public static string? StartIfHosting(ActorSystem system)
    {
        string? role = HostRole(system);
        if (role is null || !Cluster.Get(system).SelfRoles.Contains(role)) return null;
        StartInCluster(system, role: role);
        return role;
    }

    /// <summary>
    /// A client of the cluster's store for this member, whatever its role: over this node's hosting region when it has the
    /// hosting role (started if it was not), otherwise over a proxy. Each operation may take up to <paramref name="timeout"/>
    /// (synchronous steps wait for the slowest contributor, so trainers pass minutes); <paramref name="sliceSize"/> overrides
    /// the configured slice size (every client of one key must use the same).
    /// </summary>
    /// <exception cref="InvalidOperationException">Hosting is turned off in the configuration, or no data plane node is attached.</exception>
    public static ShardedVectorStore ForMember(ActorSystem system, TimeSpan timeout, int? sliceSize = null)
    {
        string role = HostRole(system) ?? throw new InvalidOperationException(
            $"The sharded vector store is turned off ({HostRoleKey} is blank), so no member hosts it.");
        var store = Cluster.Get(system).SelfRoles.Contains(role) ? StartInCluster(system, role: role) : StartProxyInCluster(system, role: role);
        return new ShardedVectorStore(system, store.Region, sliceSize ?? store.SliceSize, timeout, store._updates);
    }

    internal static ClusterShardingSettings Settings(ActorSystem system, string? role)
    {
        var config = system.Settings.Config;
        var settings = ClusterShardingSettings.Create(StoreSharding.WithFallback(config.GetConfig("akka.cluster.sharding")), config.GetConfig("akka.cluster.singleton"));
        return role is null ? settings : settings.WithRole(role);
    }

    private static int DefaultSliceSize(ActorSystem system) => Positive(system, SliceSizeKey, DefaultSliceFloats);

    private static int NumberOfShards(ActorSystem system) => Positive(system, NumberOfShardsKey, DefaultShards);

    // The node's ActorNet configuration (layered HOCON) holds actornet.* keys; Akka's Config holds only akka.*.
    private static int Positive(ActorSystem system, string path, int fallback)
    {
        var text = NodeConfiguration.Of(system)[Key(path)];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new FormatException($"configuration '{path}' = '{text}' must be a positive integer");
    }

    private static string Key(string path) => path.Replace('.', ':');

    // Akka's ask-timeout when it is finite (its default is infinite), else a minute.
    private static TimeSpan AskTimeout(ActorSystem system) =>
        system.Settings.AskTimeout > TimeSpan.Zero && system.Settings.AskTimeout < TimeSpan.FromDays(1) ? system.Settings.AskTimeout : DefaultTimeout;
}
