using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorNet.Rdd;

/// <summary>Parses Spark-style master URLs into the local mode's thread count and task retry limit.</summary>
internal static partial class MasterUrl
{
    public const string SupportedForms =
        "this build runs 'local' (one task slot), 'local[N]' (N slots), 'local[*]' (one slot per core) and " +
        "'local[N,F]' (N slots, F attempts per task) in the driver process; 'local-cluster[N]' and " +
        "'actornet://host:port[,host:port]' come with the cluster backend";

    /// <summary>Slots and, when the URL names it, the attempts per task.</summary>
    public static (int Slots, int? MaxFailures) Parse(string master)
    {
        ArgumentNullException.ThrowIfNull(master);
        if (master == "local") return (1, null);
        var m = LocalPattern().Match(master);
        if (m.Success)
        {
            var slots = m.Groups[1].Value == "*" ? Environment.ProcessorCount : int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (slots < 1) throw new ArgumentException($"Master URL '{master}' asks for {slots} task slots; it must be at least 1.", nameof(master));
            int? failures = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : null;
            if (failures < 1) throw new ArgumentException($"Master URL '{master}' allows {failures} attempts per task; it must be at least 1.", nameof(master));
            return (slots, failures);
        }
        throw new ArgumentException($"Master URL '{master}' is not supported: {SupportedForms}.", nameof(master));
    }

    [GeneratedRegex(@"^local\[\s*(\*|\d+)\s*(?:,\s*(\d+)\s*)?\]$")]
    private static partial Regex LocalPattern();
}
