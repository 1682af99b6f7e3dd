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

    /// <summary>Anything else.</summary>
    public static ShutdownReason Unknown { get; } = new("unknown");
}
