using ActorNet.Actors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorNet.Node.Hosting;

/// <summary>
/// Runs one cluster node inside the generic host: starts the actor system and the cluster on start,
/// prints <c>listening on &lt;address&gt;</c> once bound, and on stop (SIGINT/SIGTERM) terminates the
/// system, whose coordinated shutdown leaves the cluster gracefully (handing the vector store's shards
/// off first, see <see cref="NodeVectorStore"/>). If the node is downed, the system terminates by itself and
/// the host is stopped.
/// </summary>
internal sealed class ClusterNodeService(
    IConfiguration configuration, NodeOptions options, ILoggerFactory loggers, IHostApplicationLifetime lifetime, TextWriter output) : IHostedService
{
    private readonly ILogger _log = loggers.CreateLogger("ActorNet.Node");
    private ActorSystem? _system;

    /// <summary>The running system, once started.</summary>
    public ActorSystem? System => _system;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _system = ActorSystem.Create(SeedAddress.SystemName, configuration, new ActorSystemOptions { LoggerFactory = loggers });
        Cluster cluster;
        try
        {
            cluster = Cluster.Get(_system);
            if (cluster.SeedNodes.IsEmpty)
            {
                if (options.Role != ClusterRoles.Seed)
                    throw new ArgumentException("a worker needs --seed host:port (or actornet.cluster.seed-nodes)");
                cluster.JoinSeedNodes([_system.Address]); // a lone seed forms its own cluster
            }
            NodeVectorStore.StartIfHosting(_system, _log);
        }
        catch
        {
            // Do not leave a bound port and running actors behind a failed start.
            _system.Terminate().Wait(TimeSpan.FromSeconds(10), cancellationToken);
            throw;
        }
        // Workers run RDD executors for the drivers that join (actornet://seed:port masters).
        if (options.Role == ClusterRoles.Worker)
            ActorNet.Rdd.Cluster.ExecutorHost.Start(_system, Cores(configuration));
        output.WriteLine($"listening on {_system.Address}");
        output.Flush();
        _log.LogInformation("{Role} node {Address} started with roles [{Roles}]", options.Role, _system.Address, string.Join(",", cluster.SelfRoles));
        var system = _system;
        _ = system.WhenTerminated.ContinueWith(_ =>
        {
            if (system.CoordinatedShutdown.Reason == ShutdownReason.ClusterDowning)
                _log.LogWarning("node {Address} was downed by the cluster; exiting", system.Address);
            lifetime.StopApplication();
        }, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    private static int Cores(IConfiguration configuration) =>
        int.TryParse(configuration["actornet:rdd:cores"], global::System.Globalization.NumberStyles.Integer, global::System.Globalization.CultureInfo.InvariantCulture, out var cores) && cores > 0
            ? cores
            : Environment.ProcessorCount;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_system is null) return;
        _log.LogInformation("node {Address} leaving the cluster and shutting down", _system.Address);
        await _system.CoordinatedShutdown.Run(ShutdownReason.ProcessExit).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
