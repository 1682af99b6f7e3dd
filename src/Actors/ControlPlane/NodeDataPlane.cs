using ActorNet.DataPlane;
using Akka.Actor;
using Akka.Actor.Setup;

namespace ActorNet.ControlPlane;

/// <summary>Hands a node's <see cref="DataPlaneNode"/> to its actor system (through the system's setup).</summary>
/// <param name="dataPlane">The node's data plane.</param>
public sealed class DataPlaneSetup(DataPlaneNode dataPlane) : Setup
{
    /// <summary>The node's data plane.</summary>
    public DataPlaneNode DataPlane { get; } = dataPlane;
}

/// <summary>
/// The data plane of the node an actor system belongs to, for code that holds only the system (executors, the vector
/// store): <c>NodeDataPlane.Get(system)</c>. Akka messages describe transfers; this node's data plane moves them.
/// </summary>
public sealed class NodeDataPlane : IExtension
{
    private NodeDataPlane(DataPlaneNode? node) => Node = node;

    /// <summary>The node's data plane, or null when the system was started without one (not by <see cref="ClusterNode"/>).</summary>
    public DataPlaneNode? Node { get; }

    /// <summary>The data plane of <paramref name="system"/>'s node.</summary>
    /// <exception cref="InvalidOperationException">The system was started without a data plane.</exception>
    public static DataPlaneNode Get(ActorSystem system) =>
        system.WithExtension<NodeDataPlane, Provider>().Node
        ?? throw new InvalidOperationException($"actor system {system.Name} has no ActorNet data plane: start nodes with ClusterNode.Start");

    internal sealed class Provider : ExtensionIdProvider<NodeDataPlane>
    {
        public override NodeDataPlane CreateExtension(ExtendedActorSystem system) =>
            new(system.Settings.Setup.Get<DataPlaneSetup>().Value?.DataPlane);
    }
}
