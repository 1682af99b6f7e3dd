namespace ActorNet.Rdd.Cluster;

/// <summary>What the command line says about the node <see cref="NodeHost"/> runs, layered over its configuration.</summary>
public sealed record NodeHostOptions
{
    /// <summary>The role the node adds to <c>actornet.cluster.roles</c>: <see cref="NodeHost.SeedRole"/> or <see cref="NodeHost.WorkerRole"/>.</summary>
    public required string Role { get; init; }

    /// <summary>The port to bind (0 picks a free one), or null to keep <c>actornet.remote.port</c> (a free one when unset).</summary>
    public int? Port { get; init; }

    /// <summary>
    /// The seeds to join through, <c>host:port</c> or full Akka addresses; they replace <c>actornet.cluster.seed-nodes</c>.
    /// Empty keeps the configured ones; a seed with none forms its own cluster.
    /// </summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Task slots a worker offers (<c>actornet.rdd.cores</c>), or null to keep the configured value (0: the machine's cores).</summary>
    public int? Cores { get; init; }

    /// <summary>
    /// When set, the node leaves the cluster and the host returns once this reader reaches its end: the process that
    /// started the node holds its standard input (a <c>local-cluster</c> driver), and its end means that process is gone.
    /// </summary>
    public TextReader? Lifeline { get; init; }
}
