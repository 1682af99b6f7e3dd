using System.Net.Sockets;
using System.Runtime.InteropServices;
using ActorNet.ControlPlane;
using Akka.Actor;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// ActorNet's one node program: what <c>actornet seed|worker</c> and the processes of <c>local-cluster[N]</c>
/// (<c>dotnet exec ActorNet.Rdd.dll seed|worker</c>) both run, with the same flags and configuration path. It starts a
/// <see cref="ClusterNode"/> (role <c>seed</c> or <c>worker</c>) from the node's layered configuration, the
/// <see cref="ClusterStatus"/> actor that <c>actornet status</c> asks, a log line per cluster event, and on workers the
/// RDD executor host (<see cref="ExecutorHost"/>). It prints <c>listening on &lt;akka address&gt;</c> on the given
/// output once bound (logs go to standard error), then runs until SIGINT or SIGTERM, the cancellation token, the end
/// of <see cref="NodeHostOptions.Lifeline"/>, or the node's own end (downed by the cluster), and leaves gracefully
/// through Akka's coordinated shutdown.
/// </summary>
public static class NodeHost
{
    /// <summary>The role of seed nodes: contact points that form the cluster.</summary>
    public const string SeedRole = "seed";

    /// <summary>The role of worker nodes: they run executors (and host the vector store's shards).</summary>
    public const string WorkerRole = "worker";

    private static readonly TimeSpan ShutdownLimit = TimeSpan.FromMinutes(2);

    // How long a restarted seed waits for the cluster to notice its previous run is gone (Akka's failure detector takes
    // seconds; a member too busy to say within a minute should not keep the seed down).
    private static readonly TimeSpan RestartPatience = TimeSpan.FromMinutes(1);

    /// <summary>Runs a node until it is told to stop; returns the process exit code.</summary>
    /// <param name="configuration">The node's layered configuration (see <c>LayeredConfiguration.Build</c>).</param>
    /// <param name="options">The command line's port, role, seeds, cores and lifeline, laid over <paramref name="configuration"/>.</param>
    /// <param name="output">Where the <c>listening on</c> line goes (standard output).</param>
    /// <param name="cancellationToken">Stops the node like SIGTERM does.</param>
    /// <returns>0 after a requested stop; 1 when the node ended by itself (downed by the cluster's split brain resolver).</returns>
    /// <exception cref="ArgumentException">Bad options or seeds (the message names them).</exception>
    /// <exception cref="InvalidOperationException">The node would bind off loopback without credentials.</exception>
    public static async Task<int> RunAsync(IConfiguration configuration, NodeHostOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var effective = NodeHostConfiguration.Apply(configuration, options);
        using var loggers = CreateLoggers(effective);
        var log = loggers.CreateLogger("ActorNet.Node");

        // A seed restarted on its port joins once the running cluster has noticed that its previous run is gone.
        if (options.Role == SeedRole)
            await RestartedSeed.WaitUntilPreviousRunIsGoneAsync(effective, log, RestartPatience, cancellationToken).ConfigureAwait(false);
        var node = Start(effective, loggers);
        var system = node.System;
        try
        {
            ClusterStatus.Start(system);
            system.ActorOf(ClusterEventLogger.Props(log), ClusterEventLogger.ActorName);
            if (options.Role == WorkerRole)
            {
                ActorNet.VectorStore.ShardedVectorStore.StartIfHosting(system); // workers host the store's shards
                ExecutorHost.Start(system, NodeHostConfiguration.Cores(effective));
            }
        }
        catch
        {
            // Do not leave a bound port and running actors behind a failed start.
            await node.DisposeAsync().AsTask().WaitAsync(ShutdownLimit, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        NodeMetricsEndpoint? metrics;
        try
        {
            metrics = await NodeMetricsEndpoint.StartIfConfiguredAsync(effective, system).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().AsTask().WaitAsync(ShutdownLimit, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        await using var _ = metrics;
        if (metrics is not null) log.LogInformation("metrics on http://{Host}:{Port}/metrics", effective[NodeMetricsEndpoint.HostKey] is { Length: > 0 } h ? h : "127.0.0.1", metrics.Port);
        await output.WriteLineAsync($"listening on {node.Address}").ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        log.LogInformation("{Role} node {Address} started with roles [{Roles}]", options.Role, node.Address, string.Join(",", node.Cluster.SelfRoles));

        var stop = await WaitForStopAsync(system, options.Lifeline, cancellationToken).ConfigureAwait(false);
        if (stop == Stop.Ended)
        {
            log.LogWarning("node {Address} was downed or shut down by the cluster; exiting", node.Address);
            await node.DataPlane.DisposeAsync().ConfigureAwait(false);
            return 1;
        }
        log.LogInformation("node {Address} leaving the cluster and shutting down", node.Address);
        // When the lifeline's holder is gone, so is every other node it started: the shutdown skips what only matters
        // to nodes that stay (the cluster leave and hand-offs), as for a downed node.
        if (stop == Stop.LifelineClosed)
            node.Cluster.Down(node.Cluster.SelfAddress); // Akka then runs the coordinated shutdown of a downed node
        else
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(ShutdownLimit, CancellationToken.None).ConfigureAwait(false);
        await system.WhenTerminated.WaitAsync(ShutdownLimit, CancellationToken.None).ConfigureAwait(false);
        await node.DataPlane.DisposeAsync().ConfigureAwait(false);
        return 0;
    }

    // Akka reports a port it cannot bind as a SocketException five AggregateExceptions deep: say it in one line.
    private static ClusterNode Start(IConfiguration configuration, ILoggerFactory loggers)
    {
        try
        {
            return ClusterNode.Start(configuration, loggers);
        }
        catch (AggregateException e) when (Innermost(e) is SocketException socket)
        {
            throw new InvalidOperationException(
                $"cannot listen on {configuration["actornet:remote:hostname"]}:{configuration["actornet:remote:port"]} (actornet.remote.hostname/port): {socket.Message}", e);
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner) e = inner;
        return e;
    }

    private enum Stop
    {
        Requested,
        LifelineClosed,
        Ended,
    }

    private static async Task<Stop> WaitForStopAsync(ActorSystem system, TextReader? lifeline, CancellationToken cancellationToken)
    {
        var stop = new TaskCompletionSource<Stop>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Cancel keeps the runtime from exiting at once: the node leaves first.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(Stop.Requested); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(Stop.Requested); });
        using var cancelled = cancellationToken.Register(() => stop.TrySetResult(Stop.Requested));
        _ = system.WhenTerminated.ContinueWith(_ => stop.TrySetResult(Stop.Ended), TaskScheduler.Default);
        if (lifeline is not null)
        {
            // A blocking read on a thread of its own: console input has no cancellable asynchronous read.
            var watcher = new Thread(() =>
            {
                try
                {
                    while (lifeline.ReadLine() is not null)
                    {
                    }
                }
                catch (IOException)
                {
                }
                stop.TrySetResult(Stop.LifelineClosed);
            }) { IsBackground = true, Name = "lifeline-watch" };
            watcher.Start();
        }
        return await stop.Task.ConfigureAwait(false);
    }

    // Logs on standard error, one line each (standard output carries only the `listening on` line); the level is
    // actornet.loglevel, and Akka's own log (akka.loglevel) comes through the same factory.
    private static ILoggerFactory CreateLoggers(IConfiguration configuration)
    {
        var level = LogLevelOf(configuration["actornet:loglevel"]);
        return LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(level);
            b.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
            b.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
    }

    private static LogLevel LogLevelOf(string? text) =>
        string.IsNullOrWhiteSpace(text) ? LogLevel.Information
        : Enum.TryParse<LogLevel>(text.Trim(), ignoreCase: true, out var level) && Enum.IsDefined(level) ? level
        : throw new FormatException($"configuration 'actornet.loglevel' = '{text}' is not one of Trace, Debug, Information, Warning, Error, Critical, None");
}
