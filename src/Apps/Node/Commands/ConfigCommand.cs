using ActorNet.Rdd.CommandLine;
using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Node.Commands;

/// <summary><c>actornet config print</c>: the effective configuration, one sorted <c>key = value</c> line each.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var options = new ConfigurationOptions();
        var print = new Command("print", "Print the effective configuration (reference.conf <- --config <- ACTORNET__* <- --set).");
        options.AddTo(print);
        print.SetAction(result => CommandErrors.Run(result, () =>
        {
            var output = result.InvocationConfiguration.Output;
            foreach (var line in Lines(options.Build(result)))
                output.WriteLine(line);
            return 0;
        }));

        var config = new Command("config", "Inspect ActorNet configuration.");
        config.Subcommands.Add(print);
        return config;
    }

    /// <summary>Dotted keys (as written in HOCON), sorted, with values quoted where HOCON needs it.</summary>
    public static IEnumerable<string> Lines(IConfiguration configuration) =>
        configuration.AsEnumerable()
            .Where(kv => kv.Value is not null || !configuration.GetSection(kv.Key).GetChildren().Any())
            .Select(kv => (Key: kv.Key.Replace(':', '.'), kv.Value))
            .DistinctBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key} = {Format(kv.Value)}");

    private static string Format(string? value)
    {
        if (value is null)
            return "null";
        var plain = value.Length > 0 && value.Trim() == value && value.IndexOfAny([' ', '\t', '\n', '#', ',', '{', '}', '[', ']', '"', '=', ':', '$', '/']) < 0;
        return plain ? value : JsonSerializer.Serialize(value);
    }
}
