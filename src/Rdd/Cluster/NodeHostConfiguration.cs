using System.Globalization;
using ActorNet.ControlPlane;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// Lays a node's command-line options (port, role, seeds, cores) over its layered configuration. Lists (roles, seed
/// nodes) are rewritten whole: entries beyond the new list are blanked, which the readers skip.
/// </summary>
internal static class NodeHostConfiguration
{
    public const string CoresKey = "actornet:rdd:cores";

    private const string SeedNodeTimeoutKey = "akka:cluster:seed-node-timeout";

    // How long a seed listed first waits for another listed contact point to answer before it forms a cluster of its
    // own (Akka's seed-node-timeout, 5 s by default). A seed killed and restarted must hear from a running member
    // inside it: with 5 s, a restarted seed on a loaded CI machine once formed a cluster of its own first. A first
    // start costs nothing more when the others are up, since a member not yet in a cluster answers at once that it is
    // not. On the other nodes the same key is the interval of their join attempts, and keeps Akka's 5 s.
    private const string SeedRejoinWindow = "30s";

    /// <exception cref="ArgumentException">A port outside 0..65535, cores below 1, an unknown role, or a worker with no seed.</exception>
    public static IConfiguration Apply(IConfiguration configuration, NodeHostOptions options)
    {
        if (options.Role is not (NodeHost.SeedRole or NodeHost.WorkerRole))
            throw new ArgumentException($"node role '{options.Role}' must be {NodeHost.SeedRole} or {NodeHost.WorkerRole}");
        if (options.Port is < 0 or > 65535)
            throw new ArgumentException($"--port {options.Port} is not in 0..65535");
        if (options.Cores is < 1)
            throw new ArgumentException($"--cores {options.Cores} must be at least 1");

        var values = new Dictionary<string, string?>();
        var configuredPort = configuration["actornet:remote:port"] is { Length: > 0 } p ? p : null;
        values["actornet:remote:port"] = options.Port?.ToString(CultureInfo.InvariantCulture) ?? configuredPort ?? "0";

        var roles = AkkaConfigBuilder.List(configuration, "actornet:cluster:roles");
        if (!roles.Contains(options.Role)) roles.Add(options.Role);
        WriteList(configuration, values, "actornet:cluster:roles", roles);

        if (options.Seeds.Count > 0)
            WriteList(configuration, values, "actornet:cluster:seed-nodes", [.. options.Seeds]);
        else if (options.Role == NodeHost.WorkerRole && AkkaConfigBuilder.List(configuration, "actornet:cluster:seed-nodes").Count == 0)
            throw new ArgumentException("a worker needs --seed host:port (or actornet.cluster.seed-nodes)");
        if (options.Role == NodeHost.SeedRole && configuration[SeedNodeTimeoutKey] is null)
            values[SeedNodeTimeoutKey] = SeedRejoinWindow;
        if (options.Cores is { } cores)
            values[CoresKey] = cores.ToString(CultureInfo.InvariantCulture);
        return new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(values).Build();
    }

    /// <summary>The task slots a worker offers: <c>actornet.rdd.cores</c>, or the machine's cores when it is 0 or unset.</summary>
    public static int Cores(IConfiguration configuration) =>
        int.TryParse(configuration[CoresKey], NumberStyles.Integer, CultureInfo.InvariantCulture, out var cores) && cores > 0
            ? cores
            : Environment.ProcessorCount;

    private static void WriteList(IConfiguration configuration, Dictionary<string, string?> values, string key, List<string> items)
    {
        var existing = configuration.GetSection(key).GetChildren().Count();
        for (var i = 0; i < Math.Max(existing, items.Count); i++)
            values[$"{key}:{i}"] = i < items.Count ? items[i] : "";
    }
}
