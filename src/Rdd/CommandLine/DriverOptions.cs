namespace ActorNet.Rdd.CommandLine;

// Inside the namespace, so that System.CommandLine's Option<T> wins over ActorNet.Rdd.Option<T>.
using System.CommandLine;
using System.Globalization;
using ActorNet.Configuration;
using Microsoft.Extensions.Configuration;

/// <summary>
/// The options every driver program (MnistApp, CifarApp, ImageNetApp, any application) takes to configure its
/// <see cref="ClusterContext"/>: <c>--config FILE</c>, repeatable <c>--set key=value</c> and <c>--ui-port P</c>, layered
/// over hocon/reference.conf and <c>ACTORNET__…</c> environment variables in the order the nodes use
/// (<see cref="LayeredConfiguration"/>).
/// </summary>
public sealed class DriverOptions
{
    /// <summary>The <c>--config FILE</c> option: a HOCON file over the reference configuration.</summary>
    public Option<FileInfo?> ConfigFile { get; } = new("--config")
    {
        Description = "HOCON file layered over the reference configuration (the driver's settings: actornet.rdd.*, actornet.ui.*, ...).",
    };

    /// <summary>The repeatable <c>--set key=value</c> option, read as one line of HOCON each.</summary>
    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override one setting, as HOCON: --set actornet.ui.port=4050 (repeatable; the last wins).",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The <c>--ui-port P</c> option: the same as <c>--set actornet.ui.port=P</c>.</summary>
    public Option<int?> UiPort { get; } = new("--ui-port")
    {
        Description = "Port of the driver's web UI (actornet.ui.port; default 4040, the next free one when taken; 0 picks any free port).",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(ConfigFile);
        command.Options.Add(Set);
        command.Options.Add(UiPort);
    }

    /// <summary>
    /// The driver's configuration: reference.conf, the <c>--config</c> file, <c>ACTORNET__</c> variables, each
    /// <c>--set</c>, then <c>--ui-port</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A <c>--set</c> is not key=value, or the UI port is out of range.</exception>
    /// <exception cref="FormatException">The file or a <c>--set</c> is not valid HOCON.</exception>
    /// <exception cref="FileNotFoundException">The configuration file does not exist.</exception>
    public IConfigurationRoot Build(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sets = new List<string>(result.GetValue(Set) ?? []);
        if (result.GetValue(UiPort) is int port)
        {
            if (port is < 0 or > 65535) throw new ArgumentException($"--ui-port must be a TCP port (0 to 65535), not {port}");
            sets.Add("actornet.ui.port=" + port.ToString(CultureInfo.InvariantCulture));
        }
        return LayeredConfiguration.Build(result.GetValue(ConfigFile)?.FullName, sets);
    }
}
