using System.Collections;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Configuration;

/// <summary>
/// The effective configuration of a node or tool, in ActorNet's override order: reference.conf, then the
/// <c>--config</c> file, then environment variables <c>ACTORNET__section__key</c>, then each <c>--set</c>. Every
/// program that starts a node (<c>actornet seed|worker</c>, the <c>local-cluster</c> processes) builds it here.
/// </summary>
public static class LayeredConfiguration
{
    private const string EnvironmentPrefix = "ACTORNET__";

    /// <summary>Builds the layered configuration.</summary>
    /// <param name="configFile">The <c>--config</c> HOCON file, or null.</param>
    /// <param name="sets">The <c>--set key=value</c> overrides, in order (the last one wins).</param>
    /// <param name="environment">The environment to read <c>ACTORNET__</c> variables from; the process's when null.</param>
    /// <exception cref="ArgumentException">A <c>--set</c> is not <c>key=value</c>.</exception>
    /// <exception cref="FormatException">The file or a <c>--set</c> is not valid HOCON (the message names where).</exception>
    /// <exception cref="FileNotFoundException">The configuration file does not exist.</exception>
    public static IConfigurationRoot Build(string? configFile, IReadOnlyList<string> sets, IDictionary? environment = null)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var builder = new ConfigurationBuilder().AddActorNetReference();
        if (configFile is not null)
            builder.AddHoconFile(configFile);
        builder.AddInMemoryCollection(EnvironmentKeys(environment ?? Environment.GetEnvironmentVariables()));
        foreach (var set in sets)
            builder.Add(new HoconConfigurationSource { Text = SetToHocon(set), SourceName = $"--set {set}" });
        return builder.Build();
    }

    /// <summary>
    /// The configuration keys of <c>ACTORNET__</c> variables: <c>ACTORNET__rdd__default-parallelism=3</c> is
    /// <c>actornet:rdd:default-parallelism</c> = 3, and Akka's settings go under <c>ACTORNET__akka__</c>:
    /// <c>ACTORNET__akka__cluster__split-brain-resolver__stable-after=10s</c> is <c>akka:cluster:split-brain-resolver:stable-after</c>.
    /// </summary>
    /// <param name="environment">Variable names and values.</param>
    public static IEnumerable<KeyValuePair<string, string?>> EnvironmentKeys(IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (DictionaryEntry entry in environment)
        {
            var name = (string)entry.Key;
            if (!name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) || name.Length <= EnvironmentPrefix.Length) continue;
            var path = name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal);
            yield return new(path.StartsWith("akka:", StringComparison.OrdinalIgnoreCase) ? path : "actornet:" + path, (string?)entry.Value);
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
