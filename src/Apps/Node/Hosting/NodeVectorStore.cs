using ActorNet.Actors;
using ActorNet.Actors.Sharding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ActorNet.Node.Hosting;

/// <summary>
/// Hosts this node's part of the sharded vector store (the parameter-server shards of distributed training):
/// a node whose roles include <c>actornet.cluster.sharding.vector-store.host-role</c> (default <c>worker</c>)
/// starts the store's region through cluster sharding, so trainers on any member reach it with
/// <see cref="ShardedVectorStore.StartProxyInCluster"/> and that role. The store's slices move to the
/// survivors when a worker leaves (with their values) or dies (without them: see the store's snapshots).
/// </summary>
internal static class NodeVectorStore
{
    /// <summary>Starts the store's region when this node has the hosting role; returns the role, or null when it hosts nothing.</summary>
    public static string? StartIfHosting(ActorSystem system, ILogger log)
    {
        string? role = ShardedVectorStore.StartIfHosting(system);
        if (role is not null)
            log.LogInformation("node {Address} hosts the sharded vector store (coordinator on the oldest '{Role}' member)", system.Address, role);
        return role;
    }
}
