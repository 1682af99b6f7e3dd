using ActorNet.ControlPlane;
using ActorNet.Rdd.Cluster;
using Akka.Actor;
using ActorNet.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd;

public sealed partial class ClusterContext
{
    // Local mode's single-member cluster, started when something first asks for the node's actor system.
    private Lazy<ClusterNode>? _localNode;

    /// <summary>
    /// The actor system through which this driver is a cluster member, for services built on the actor runtime
    /// (the sharded vector store of distributed training). With a cluster master it is the system the driver joined
    /// with (role <c>driver</c>). In local mode there is no cluster, so the first call starts a single-member cluster
    /// on 127.0.0.1 (port 0, role <c>worker</c>, so it also hosts what workers host); it stops with the context.
    /// Tasks reach the actor system of the node they run on with <see cref="TaskContext.NodeSystem"/>.
    /// </summary>
    public ActorSystem NodeSystem
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsStopped, this);
            if (IsExecutorSide) return Env.NodeSystem();
            if (ClusterBackend is { } backend) return backend.System;
            if (_localNode is null) Interlocked.CompareExchange(ref _localNode, new Lazy<ClusterNode>(StartLocalNode), null);
            return _localNode.Value.System;
        }
    }

    private static ClusterNode StartLocalNode()
    {
        var values = LocalClusterSettings.Local(NodeHost.WorkerRole);
        var node = ClusterNode.Start(new ConfigurationBuilder().AddActorNetReference().AddInMemoryCollection(values).Build(), LocalClusterSettings.Loggers);
        return node;
    }

    private void StopLocalNode()
    {
        if (_localNode is { IsValueCreated: true } node) node.Value.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30));
    }
}
