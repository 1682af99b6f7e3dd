using System.Collections;
using ActorNet.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Node;

/// <summary>
/// The effective configuration of a node or tool, in ActorNet's override order: reference.conf, then
/// the <c>--config</c> file, then environment variables <c>ACTORNET__section__key</c>, then each <c>--set</c>.
/// </summary>
internal static class NodeConfiguration
{
    private const string EnvironmentPrefix = "ACTORNET__";

    public static IConfigurationRoot Build(string? configFile, IReadOnlyList<string> sets, IDictionary? environment = null)
    {
        var builder = new ConfigurationBuilder().AddActorNetReference();
        if (configFile is not null)
            builder.AddHoconFile(configFile);
        builder.AddInMemoryCollection(EnvironmentKeys(environment ?? Environment.GetEnvironmentVariables()));
        foreach (var set in sets)
            builder.Add(new HoconConfigurationSource { Text = SetToHocon(set), SourceName = $"--set {set}" });
        return builder.Build();
    }

    /// <summary>ACTORNET__rdd__default-parallelism=3 → actornet:rdd:default-parallelism = 3.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> EnvironmentKeys(IDictionary environment)
    {
        foreach (DictionaryEntry entry in environment)
        {
            var name = (string)entry.Key;
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > EnvironmentPrefix.Length)
                yield return new("actornet:" + name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), (string?)entry.Value);
        }
    }

    private static string SetToHocon(string set)
    {
        var equals = set.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
            throw new ArgumentException($"--set expects key=value (for example actornet.rdd.default-parallelism=3), got '{set}'");
        return set[..equals].Trim() + " = " + set[(equals + 1)..];
    }
}
