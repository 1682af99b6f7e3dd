using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ActorNet.Node.Hosting;

/// <summary>
/// Hosts a seed or worker node with Microsoft.Extensions.Hosting: console logs (to standard error, so
/// standard output carries only the <c>listening on</c> line), SIGINT/SIGTERM stop the host, which makes
/// the node leave the cluster before it exits.
/// </summary>
internal static class NodeRunner
{
    public static async Task<int> RunAsync(IConfiguration effective, NodeOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var configuration = NodeConfigurationOverlay.Apply(effective, options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel(configuration["actornet:loglevel"]));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(2));
        builder.Services.AddSingleton(configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(output);
        builder.Services.AddHostedService<ClusterNodeService>();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static LogLevel LogLevel(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Microsoft.Extensions.Logging.LogLevel.Information
        : Enum.TryParse<LogLevel>(text.Trim(), ignoreCase: true, out var level) ? level
        : throw new FormatException($"configuration 'actornet:loglevel' = '{text}' is not one of Trace, Debug, Information, Warning, Error, Critical");
}
