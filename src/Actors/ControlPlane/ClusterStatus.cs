using ActorNet.Messaging;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorNet.ControlPlane;

/// <summary>
/// How a program that is not a cluster member (<c>actornet status</c>) learns the members: every node host runs a
/// small actor at <c>/user/cluster-status</c> answering <see cref="ClusterStatusRequest"/> with the node's view, and
/// the program asks it from a temporary Akka system (provider <c>remote</c>, not <c>cluster</c>, so it never joins)
/// protected like the node (<see cref="RemoteSecurity"/>: the same secret or certificates, else it is refused).
/// </summary>
public static class ClusterStatus
{
    /// <summary>The actor's name under <c>/user</c>.</summary>
    public const string ActorName = "cluster-status";

    /// <summary>Starts the status actor on a cluster node.</summary>
    /// <param name="system">A node's actor system (cluster provider).</param>
    public static IActorRef Start(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.ActorOf(Props.Create(() => new ClusterStatusActor()), ActorName);
    }

    /// <summary>Asks the node at <paramref name="node"/> for its view of the cluster, from a temporary non-member system.</summary>
    /// <param name="configuration">The asking program's configuration: its secret or certificates and <c>actornet.remote.hostname</c> (the port is always a free one).</param>
    /// <param name="node">The node, <c>host:port</c> or its full Akka address.</param>
    /// <param name="timeout">How long to wait for the answer.</param>
    /// <param name="loggers">Where the temporary system's Akka log goes; nowhere when null.</param>
    /// <exception cref="TimeoutException">No answer in time: nothing listening there, or different credentials.</exception>
    /// <exception cref="ArgumentException"><paramref name="node"/> is neither form.</exception>
    public static async Task<ClusterStatusReply> QueryAsync(IConfiguration configuration, string node, TimeSpan timeout, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(node);
        var security = RemoteSecurity.FromConfiguration(configuration);
        var tls = security.Ssl is not null;
        var target = AkkaConfigBuilder.SeedNode(node, tls);
        // Not a member: provider remote, and a free port of its own to receive the answer on. Its own remoting's
        // comings and goings are no news to the user, and Akka would print them on standard output at shutdown (after
        // its loggers stop), where the command's answer goes: no Akka log at all unless a logger factory is given.
        var config = ConfigurationFactory.ParseString($"""
                akka.actor.provider = remote
                akka.remote.dot-netty.tcp.port = 0
                akka.stdout-loglevel = OFF
                akka.loglevel = {(loggers is null ? "OFF" : "WARNING")}
                """)
            .WithFallback(security.Config)
            .WithFallback(AkkaConfigBuilder.Build(configuration, tls))
            .WithFallback(MessagingConfig.Config);
        var setup = security.Apply(BootstrapSetup.Create().WithConfig(config).And(new LoggerFactorySetup(loggers ?? NullLoggerFactory.Instance)));
        var system = ActorSystem.Create("actornet-status", setup);
        try
        {
            return await AskAsync(system, target, timeout).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    /// <summary>Asks the status actor of the node at <paramref name="nodeAddress"/> from any system with remoting (a member or not).</summary>
    /// <param name="system">The asking system.</param>
    /// <param name="nodeAddress">The node's Akka address, <c>akka.tcp://actornet@host:port</c> (<c>akka.ssl.tcp</c> with TLS).</param>
    /// <param name="timeout">How long to wait for the answer.</param>
    /// <exception cref="TimeoutException">No answer in time; the message says what to check.</exception>
    public static async Task<ClusterStatusReply> AskAsync(ActorSystem system, string nodeAddress, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(system);
        try
        {
            return await system.ActorSelection($"{nodeAddress}/user/{ActorName}")
                .Ask<ClusterStatusReply>(new ClusterStatusRequest(), timeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new TimeoutException(
                $"no answer from {nodeAddress} within {timeout.TotalSeconds:0.#}s (is an actornet node running there, and are actornet.remote.secret or the certificates the same?)");
        }
    }
}
