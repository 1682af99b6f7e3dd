namespace ActorNet.Rdd.CommandLine;

// Inside the namespace, so that System.CommandLine's Option<T> wins over ActorNet.Rdd.Option<T>.
using System.CommandLine;
using ActorNet.Configuration;

/// <summary>The <c>--config</c> and <c>--set</c> options every configurable command takes.</summary>
internal sealed class ConfigurationOptions
{
    public Option<FileInfo?> ConfigFile { get; } = new("--config")
    {
        Description = "HOCON file layered over the reference configuration.",
    };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override one setting, as HOCON: --set actornet.rdd.default-parallelism=3 (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ConfigFile);
        command.Options.Add(Set);
    }

    public Microsoft.Extensions.Configuration.IConfigurationRoot Build(ParseResult result) =>
        LayeredConfiguration.Build(result.GetValue(ConfigFile)?.FullName, result.GetValue(Set) ?? []);
}
