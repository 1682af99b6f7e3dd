namespace ActorNet.Actors;

/// <summary>Why coordinated shutdown ran.</summary>
/// <param name="Name">A short description.</param>
public sealed record ShutdownReason(string Name)
{
    /// <summary><see cref="ActorSystem.Terminate"/> was called.</summary>
    public static ShutdownReason ActorSystemTerminate { get; } = new("actor system terminate");

    /// <summary>The process is exiting (SIGTERM, Ctrl+C).</summary>
    public static ShutdownReason ProcessExit { get; } = new("process exit");

    /// <summary>This node left the cluster.</summary>
    public static ShutdownReason ClusterLeaving { get; } = new("cluster leaving");

    /// <summary>This node was downed by the cluster.</summary>
    public static ShutdownReason ClusterDowning { get; } = new("cluster downing");

    /// <summary>
    /// Every node of the cluster is stopping at once (a local cluster whose driver is gone): nobody would stay to receive
    /// sharding hand-offs, so they are skipped.
    /// </summary>
    public static ShutdownReason ClusterStopping { get; } = new("cluster stopping");

    /// <summary>Anything else.</summary>
    public static ShutdownReason Unknown { get; } = new("unknown");
}
