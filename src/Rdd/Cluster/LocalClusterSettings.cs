
namespace ActorNet.Rdd.Cluster;

/// <summary>The actor settings of local-cluster processes and of a driver: loopback, port 0, roles, seeds, failure detection.</summary>
internal static class LocalClusterSettings
{
    /// <summary>The actor system name every ActorNet node uses (as <c>actornet seed/worker</c> do).</summary>
    public const string SystemName = "actornet";

    /// <summary>The environment variable carrying the cluster secret to the processes a driver starts.</summary>
    public const string SecretVariable = "ACTORNET_SECRET";

    /// <summary>Settings of a seed or worker process (the secret comes from <see cref="SecretVariable"/>).</summary>
    public static Dictionary<string, string?> Node(string role, string? seed)
    {
        var values = Common(role, Environment.GetEnvironmentVariable(SecretVariable));
        if (seed is not null) values["actornet:cluster:seed-nodes:0"] = seed;
        return values;
    }

    /// <summary>Settings of a driver joining <paramref name="seeds"/> (host:port or full addresses).</summary>
    public static Dictionary<string, string?> Driver(IReadOnlyList<string> seeds, string? secret, string hostname)
    {
        var values = Common("driver", secret);
        values["actornet:remote:hostname"] = hostname;
        for (var i = 0; i < seeds.Count; i++) values[$"actornet:cluster:seed-nodes:{i}"] = seeds[i];
        return values;
    }

    private static Dictionary<string, string?> Common(string role, string? secret)
    {
        var values = new Dictionary<string, string?>
        {
            ["actornet:remote:port"] = "0",
            ["actornet:remote:hostname"] = "127.0.0.1",
            ["actornet:cluster:roles:0"] = role,
            // A loaded machine (tests, two cores) must not take a busy node for a dead one.
            ["actornet:cluster:failure-detector:acceptable-heartbeat-pause"] = "5s",
            ["actornet:cluster:downing:stable-after"] = "5s",
            ["actornet:loglevel"] = "Warning",
        };
        if (!string.IsNullOrEmpty(secret)) values["actornet:remote:secret"] = secret;
        return values;
    }

}
