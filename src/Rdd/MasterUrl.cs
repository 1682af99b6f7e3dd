using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorNet.Rdd;

/// <summary>What a master URL asks for: task slots in this process, worker processes to start, or a cluster to join.</summary>
internal abstract record MasterSpec
{
    /// <summary><c>local</c>, <c>local[N]</c>, <c>local[*]</c>, <c>local[N,F]</c>: N slots in the driver, F attempts per task.</summary>
    public sealed record Local(int Slots, int? MaxFailures) : MasterSpec;

    /// <summary><c>local-cluster[N]</c> or <c>local-cluster[N,C]</c>: a seed and N worker processes with C slots each.</summary>
    public sealed record LocalCluster(int Workers, int CoresPerWorker) : MasterSpec;

    /// <summary><c>actornet://host:port[,host:port]</c>: join a running cluster through its seeds.</summary>
    public sealed record Cluster(IReadOnlyList<string> Seeds) : MasterSpec;
}

/// <summary>Parses Spark-style master URLs.</summary>
internal static partial class MasterUrl
{
    /// <summary>Task slots per worker of <c>local-cluster[N]</c> when the URL does not say.</summary>
    public const int DefaultCoresPerWorker = 2;

    public const string SupportedForms =
        "use 'local' (one task slot), 'local[N]' (N slots), 'local[*]' (one slot per core), 'local[N,F]' (N slots, F attempts per " +
        "task), 'local-cluster[N]' or 'local-cluster[N,C]' (a seed and N worker processes on this machine with C slots each, " +
        "default 2) or 'actornet://host:port[,host:port]' (a running cluster's seed nodes)";

    /// <summary>Slots and, when the URL names it, the attempts per task (local modes only).</summary>
    public static (int Slots, int? MaxFailures) Parse(string master) =>
        ParseSpec(master) is MasterSpec.Local local
            ? (local.Slots, local.MaxFailures)
            : throw new ArgumentException($"Master URL '{master}' does not run in the driver process.", nameof(master));

    public static MasterSpec ParseSpec(string master)
    {
        ArgumentNullException.ThrowIfNull(master);
        if (master == "local") return new MasterSpec.Local(1, null);
        var m = LocalPattern().Match(master);
        if (m.Success)
        {
            var slots = m.Groups[1].Value == "*" ? Environment.ProcessorCount : int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (slots < 1) throw new ArgumentException($"Master URL '{master}' asks for {slots} task slots; it must be at least 1.", nameof(master));
            int? failures = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : null;
            if (failures < 1) throw new ArgumentException($"Master URL '{master}' allows {failures} attempts per task; it must be at least 1.", nameof(master));
            return new MasterSpec.Local(slots, failures);
        }
        m = LocalClusterPattern().Match(master);
        if (m.Success)
        {
            var workers = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var cores = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : DefaultCoresPerWorker;
            if (workers < 1 || cores < 1)
                throw new ArgumentException($"Master URL '{master}' asks for {workers} workers with {cores} slots each; both must be at least 1.", nameof(master));
            return new MasterSpec.LocalCluster(workers, cores);
        }
        if (master.StartsWith("actornet://", StringComparison.Ordinal))
        {
            var seeds = master["actornet://".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var seed in seeds)
            {
                var colon = seed.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(seed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                    throw new ArgumentException($"Master URL '{master}': seed '{seed}' is not host:port (port 1..65535).", nameof(master));
            }
            if (seeds.Length == 0) throw new ArgumentException($"Master URL '{master}' names no seed node; {SupportedForms}.", nameof(master));
            return new MasterSpec.Cluster(seeds);
        }
        throw new ArgumentException($"Master URL '{master}' is not supported: {SupportedForms}.", nameof(master));
    }

    [GeneratedRegex(@"^local\[\s*(\*|\d+)\s*(?:,\s*(\d+)\s*)?\]$")]
    private static partial Regex LocalPattern();

    [GeneratedRegex(@"^local-cluster\[\s*(\d+)\s*(?:,\s*(\d+)\s*)?(?:,\s*\d+\s*)?\]$")]
    private static partial Regex LocalClusterPattern();
}
