using Microsoft.Extensions.Configuration;

namespace ActorNet.Node.Hosting;

/// <summary>
/// Layers what the command line says about the node (port, role, seeds, cores) over the effective
/// configuration. Lists (roles, seed nodes) are rewritten whole: entries beyond the new list are blanked,
/// which the cluster reader skips.
/// </summary>
internal static class NodeConfigurationOverlay
{
    public static IConfiguration Apply(IConfiguration configuration, NodeOptions options)
    {
        var values = new Dictionary<string, string?>();
        int? configuredPort = int.TryParse(configuration["actornet:remote:port"], out int p) ? p : null;
        values["actornet:remote:port"] = (options.Port ?? configuredPort ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var roles = List(configuration, "actornet:cluster:roles");
        if (!roles.Contains(options.Role)) roles.Add(options.Role);
        WriteList(configuration, values, "actornet:cluster:roles", roles);

        if (options.Seeds.Count > 0)
            WriteList(configuration, values, "actornet:cluster:seed-nodes", [.. options.Seeds.Select(s => s.ToString())]);
        if (options.Cores is { } cores)
            values["actornet:rdd:cores"] = cores.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(values).Build();
    }

    public static List<string> List(IConfiguration configuration, string key) =>
        [.. configuration.GetSection(key).GetChildren()
            .OrderBy(c => int.TryParse(c.Key, out int i) ? i : int.MaxValue)
            .Select(c => c.Value).OfType<string>().Where(v => v.Length > 0)];

    private static void WriteList(IConfiguration configuration, Dictionary<string, string?> values, string key, List<string> items)
    {
        int existing = configuration.GetSection(key).GetChildren().Count();
        for (int i = 0; i < Math.Max(existing, items.Count); i++)
            values[$"{key}:{i}"] = i < items.Count ? items[i] : "";
    }
}
