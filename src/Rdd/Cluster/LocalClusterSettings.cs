using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ActorNet.Rdd.Cluster;

/// <summary>The node settings of local-cluster processes and of a driver: loopback, port 0, roles, seeds, failure detection.</summary>
internal static class LocalClusterSettings
{
    /// <summary>The environment variable carrying the cluster secret to the processes a driver starts.</summary>
    public const string SecretVariable = "ACTORNET_SECRET";

    /// <summary>
    /// Warnings and errors of a driver's node (Akka's log included) on standard error, one line each; standard output
    /// belongs to the application.
    /// </summary>
    public static ILoggerFactory Loggers => LazyLoggers.Value;

    private static readonly Lazy<ILoggerFactory> LazyLoggers = new(() => LoggerFactory.Create(b =>
    {
        b.SetMinimumLevel(LogLevel.Warning);
        b.AddSimpleConsole(o => o.SingleLine = true);
        b.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }));

    /// <summary>
    /// The <c>--set</c> arguments of a seed or worker process (the node program reads its secret from
    /// <see cref="SecretVariable"/>): the same settings a driver's node gets.
    /// </summary>
    public static IEnumerable<string> NodeArguments() =>
        FastFailureDetection.Concat(QuietLog).SelectMany(s => new[] { "--set", $"{s.Key.Replace(':', '.')}={s.Value}" });

    /// <summary>Settings of local mode's single-member cluster (role <paramref name="role"/>, no secret: nothing else joins it).</summary>
    public static Dictionary<string, string?> Local(string role) => Common(role, secret: null, fastFailureDetection: true);

    /// <summary>
    /// Settings of a driver joining <paramref name="seeds"/> (host:port or full addresses). Only a driver that started its
    /// local cluster gets that cluster's fast failure detection (<paramref name="localCluster"/>): one joining a cluster
    /// of <c>actornet</c> processes keeps the failure detector and split brain resolver of its configuration, which must
    /// match the cluster's. A member with a shorter <c>stable-after</c> than the leader's takes a lost worker for
    /// instability and downs the whole cluster (Akka's down-all-when-unstable runs on every member, not only the leader).
    /// </summary>
    public static Dictionary<string, string?> Driver(IReadOnlyList<string> seeds, string? secret, string hostname, bool localCluster)
    {
        var values = Common("driver", secret, localCluster);
        values["actornet:remote:hostname"] = hostname;
        for (var i = 0; i < seeds.Count; i++) values[$"actornet:cluster:seed-nodes:{i}"] = seeds[i];
        return values;
    }

    // A local cluster shares one machine with its driver (and, in tests, with other clusters): a busy node must not be
    // taken for a dead one, and a dead one should be downed within seconds, not Akka's 20.
    private static readonly KeyValuePair<string, string>[] FastFailureDetection =
    [
        new("akka:cluster:failure-detector:acceptable-heartbeat-pause", "5s"),
        new("akka:cluster:split-brain-resolver:stable-after", "5s"),
    ];

    // A driver's and its local processes' standard error shows warnings and errors only.
    private static readonly KeyValuePair<string, string>[] QuietLog =
    [
        new("actornet:loglevel", "Warning"),
        new("akka:loglevel", "WARNING"),
    ];

    private static Dictionary<string, string?> Common(string role, string? secret, bool fastFailureDetection)
    {
        var values = new Dictionary<string, string?>
        {
            ["actornet:remote:port"] = "0",
            ["actornet:remote:hostname"] = "127.0.0.1",
            ["actornet:cluster:roles:0"] = role,
        };
        if (fastFailureDetection) foreach (var (key, value) in FastFailureDetection) values[key] = value;
        foreach (var (key, value) in QuietLog) values[key] = value;
        if (!string.IsNullOrEmpty(secret)) values["actornet:remote:secret"] = secret;
        return values;
    }
}
