namespace ActorNet.Actors.Sharding;

/// <summary>Which members host the store, and a client for any member (see <see cref="ForMember"/>).</summary>
public sealed partial class ShardedVectorStore
{
    /// <summary>The configuration key naming the role whose members host the store (default <c>worker</c>; blank: none).</summary>
    public const string HostRoleKey = "actornet:cluster:sharding:vector-store:host-role";

    /// <summary>The hosting role when <see cref="HostRoleKey"/> is not set.</summary>
    public const string DefaultHostRole = "worker";

    /// <summary>The role whose members host the store in <paramref name="system"/>'s configuration; null when hosting is turned off.</summary>
    public static string? HostRole(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        string? role = system.Configuration[HostRoleKey];
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
    /// A client of the cluster's store for this member, whatever its role: over this node's hosting region when it
    /// has the hosting role (started if it was not), otherwise over a proxy. Each operation waits up to
    /// <paramref name="timeout"/> (synchronous steps wait for the slowest contributor, so trainers pass minutes);
    /// <paramref name="sliceSize"/> overrides the configured slice size (every client of one key must use the same).
    /// </summary>
    /// <exception cref="InvalidOperationException">Hosting is turned off in the configuration.</exception>
    public static ShardedVectorStore ForMember(ActorSystem system, TimeSpan timeout, int? sliceSize = null)
    {
        string role = HostRole(system) ?? throw new InvalidOperationException(
            $"The sharded vector store is turned off ({HostRoleKey} is blank), so no member hosts it.");
        var store = Cluster.Get(system).SelfRoles.Contains(role) ? StartInCluster(system, role: role) : StartProxyInCluster(system, role: role);
        return new ShardedVectorStore(store.Region, sliceSize ?? store.SliceSize, timeout, store._updates);
    }
}
