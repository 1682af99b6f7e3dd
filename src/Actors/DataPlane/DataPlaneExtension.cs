using ActorNet.DataPlane;
using Akka.Actor;

namespace ActorNet.DataPlane;

/// <summary>
/// The <see cref="DataPlaneNode"/> of an Akka node, found through its actor system: node start-up attaches it once
/// (<see cref="Attach"/>), and whatever moves bulk floats beside Akka messages (the vector store) reads it from here.
/// </summary>
public sealed class DataPlaneExtension : IExtension
{
    private readonly ActorSystem _system;
    private DataPlaneNode? _node;

    /// <summary>The extension of <paramref name="system"/> (no node attached yet).</summary>
    public DataPlaneExtension(ActorSystem system) => _system = system;

    /// <summary>The extension of <paramref name="system"/>.</summary>
    public static DataPlaneExtension Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension<DataPlaneExtension, DataPlaneExtensionProvider>();
    }

    /// <summary>True once a node is attached.</summary>
    public bool IsAttached => Volatile.Read(ref _node) is not null;

    /// <summary>This actor system's data plane node.</summary>
    /// <exception cref="InvalidOperationException">No node was attached (node start-up must call <see cref="Attach"/>).</exception>
    public DataPlaneNode Node => Volatile.Read(ref _node) ?? throw new InvalidOperationException(
        $"actor system '{_system.Name}' has no data plane node: start one at node start-up and call DataPlaneExtension.Get(system).Attach(node)");

    /// <summary>Makes <paramref name="node"/> this actor system's data plane node (once; the caller still owns and disposes it).</summary>
    /// <exception cref="InvalidOperationException">Another node is already attached.</exception>
    public void Attach(DataPlaneNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (Interlocked.CompareExchange(ref _node, node, null) is { } other && !ReferenceEquals(other, node))
            throw new InvalidOperationException($"actor system '{_system.Name}' already has data plane node {other.Address}");
    }
}

/// <summary>Creates <see cref="DataPlaneExtension"/> for Akka.</summary>
public sealed class DataPlaneExtensionProvider : ExtensionIdProvider<DataPlaneExtension>
{
    /// <inheritdoc/>
    public override DataPlaneExtension CreateExtension(ExtendedActorSystem system) => new(system);
}
