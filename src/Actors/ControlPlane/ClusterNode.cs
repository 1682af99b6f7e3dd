using ActorNet.DataPlane;
using ActorNet.Messaging;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorNet.ControlPlane;

/// <summary>
/// One ActorNet node's control plane: an Akka.NET actor system named <c>actornet</c> with the cluster provider,
/// Akka.Remote on <c>actornet.remote.hostname:port</c>, the roles and seed nodes of ActorNet's configuration, and
/// Akka's log routed to <see cref="ILoggerFactory"/> (standard output stays the node's own), every ActorNet message
/// through the MessagePack serializer, and beside it the node's <see cref="DataPlaneNode"/> for bulk bytes (same host,
/// <c>actornet.data-plane.port</c>, the cluster secret). A node with no seed nodes joins itself, forming a new cluster
/// (what <c>actornet seed</c> does).
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private ClusterNode(ActorSystem system, RemoteSecurity security, DataPlaneNode dataPlane)
    {
        System = system;
        Security = security;
        DataPlane = dataPlane;
        Cluster = AkkaCluster.Get(system);
    }

    /// <summary>The node's data plane (also <c>DataPlaneExtension.Get(System).Node</c>).</summary>
    public DataPlaneNode DataPlane { get; }

    /// <summary>The node's actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>The Akka cluster extension of <see cref="System"/>.</summary>
    public AkkaCluster Cluster { get; }

    /// <summary>How the node's Akka port is protected.</summary>
    public RemoteSecurity Security { get; }

    /// <summary>The node's address, <c>akka.tcp://actornet@host:port</c> (<c>akka.ssl.tcp</c> with TLS) with the bound port.</summary>
    public Address Address => Cluster.SelfAddress;

    /// <summary>Starts a node from ActorNet's configuration and begins joining its seed nodes (or itself when there are none).</summary>
    /// <param name="configuration">The effective configuration (see <see cref="AkkaConfigBuilder"/>).</param>
    /// <param name="loggers">Where Akka's log goes; none when null.</param>
    /// <param name="extraSetup">More Akka setup (for example a test's), added last.</param>
    /// <exception cref="InvalidOperationException">The node would bind off loopback without credentials.</exception>
    public static ClusterNode Start(IConfiguration configuration, ILoggerFactory? loggers = null, Setup? extraSetup = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var security = RemoteSecurity.FromConfiguration(configuration);
        var config = security.Config.WithFallback(AkkaConfigBuilder.Build(configuration, tls: security.Ssl is not null));
        var dataPlane = new DataPlaneOptions
        {
            // An IP address: actornet.data-plane.hostname when Akka's hostname is a DNS name (Kubernetes seeds).
            Host = configuration["actornet:data-plane:hostname"] is { Length: > 0 } d ? d
                : configuration["actornet:remote:hostname"] is { Length: > 0 } h ? h : "127.0.0.1",
            Port = configuration["actornet:data-plane:port"] is { Length: > 0 } p ? int.Parse(p, global::System.Globalization.CultureInfo.InvariantCulture) : 0,
            // What peers are told when it differs from what is bound (NAT, a container's port mapping, bench/netsim's proxy).
            PublicHost = configuration["actornet:data-plane:public-hostname"] is { Length: > 0 } ph ? ph : null,
            PublicPort = configuration["actornet:data-plane:public-port"] is { Length: > 0 } pp && pp != "0"
                ? int.Parse(pp, global::System.Globalization.CultureInfo.InvariantCulture) : null,
            Secret = security.Secret,
            LoggerFactory = loggers,
        };
        Setup setup = new NodeConfigurationSetup(configuration);
        return Start(config, security, dataPlane, loggers, extraSetup is null ? [setup] : [setup, extraSetup]);
    }

    /// <summary>
    /// The defaults of the Akka modules a node runs (sharding, the singleton, distributed data), bound when the system
    /// starts: a node that started them earlier sends their messages (a replicator's gossip, a coordinator's hand-off)
    /// before this node's code first touches the module, and a serializer bound only then would drop those messages.
    /// </summary>
    public static Config ModuleDefaults { get; } = Akka.Cluster.Sharding.ClusterSharding.DefaultConfig()
        .WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig())
        .WithFallback(Akka.DistributedData.DistributedData.DefaultConfig());

    /// <summary>Starts a node from a ready Akka configuration and data-plane options (the tests' and embedders' way in).</summary>
    public static ClusterNode Start(Config config, RemoteSecurity security, DataPlaneOptions dataPlaneOptions, ILoggerFactory? loggers = null, params Setup[] extraSetup)
    {
        var dataPlane = DataPlaneNode.Start(dataPlaneOptions);
        ActorSystem? system = null;
        try
        {
            var full = config.WithFallback(MessagingConfig.Config).WithFallback(ModuleDefaults);
            var setup = BootstrapSetup.Create().WithConfig(full)
                .And(new LoggerFactorySetup(loggers ?? NullLoggerFactory.Instance));
            setup = security.Apply(setup);
            foreach (var extra in extraSetup) setup = setup.And(extra);
            system = ActorSystem.Create(AkkaConfigBuilder.SystemName, setup);
            DataPlaneExtension.Get(system).Attach(dataPlane);
            var node = new ClusterNode(system, security, dataPlane);
            // When the system ends (downed, or shut down by anyone), the data plane goes with it.
            _ = system.WhenTerminated.ContinueWith(_ => dataPlane.DisposeAsync().AsTask(), TaskScheduler.Default);
            if (system.Settings.Config.GetStringList("akka.cluster.seed-nodes").Count == 0)
                node.Cluster.Join(node.Cluster.SelfAddress);
            return node;
        }
        catch
        {
            system?.Terminate().Wait(TimeSpan.FromSeconds(10));
            dataPlane.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            throw;
        }
    }

    /// <summary>Completes when this node is Up in the cluster; faults with <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task WhenUp(TimeSpan timeout)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.RegisterOnMemberUp(() => up.TrySetResult());
        return up.Task.WaitAsync(timeout);
    }

    /// <summary>The members this node knows, with their status and whether this node can reach them.</summary>
    public IReadOnlyList<MemberInfo> Members() => MemberInfo.From(Cluster.State);

    /// <summary>Leaves the cluster and terminates the system (Akka's coordinated shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        await System.WhenTerminated.ConfigureAwait(false);
        await DataPlane.DisposeAsync().ConfigureAwait(false);
    }
}
