using Akka.Cluster;
using MessagePack;

namespace ActorNet.ControlPlane;

/// <summary>One cluster member as <c>actornet status</c> shows it (and its <c>--json</c> objects).</summary>
/// <param name="Address">The member's Akka address, <c>akka.tcp://actornet@host:port</c>.</param>
/// <param name="Roles">Its roles, sorted.</param>
/// <param name="Status">Akka's member status: Joining, WeaklyUp, Up, Leaving, Exiting, Down, Removed.</param>
/// <param name="Reachable">Whether the observing node's failure detector reaches it.</param>
/// <remarks>A MessagePack contract: <c>actornet status</c> receives these rows from a node's <see cref="ClusterStatus"/> actor.</remarks>
[MessagePackObject]
public sealed record MemberInfo(
    [property: Key(0)] string Address,
    [property: Key(1)] string[] Roles,
    [property: Key(2)] string Status,
    [property: Key(3)] bool Reachable)
{
    /// <summary>The members of a cluster state, ordered by address.</summary>
    public static IReadOnlyList<MemberInfo> From(ClusterEvent.CurrentClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        return [.. state.Members
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m => new MemberInfo(m.Address.ToString(), [.. m.Roles.Order(StringComparer.Ordinal)], m.Status.ToString(),
                !unreachable.Contains(m.UniqueAddress)))];
    }
}
