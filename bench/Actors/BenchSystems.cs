using ActorNet.ControlPlane;
using ActorNet.Messaging;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using MessagePack;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Bench.Actors;

/// <summary>
/// The Akka.NET systems of the two-process benchmarks: provider <c>remote</c> (plain Akka.Remote, no cluster membership:
/// the ping-pong measures remoting, which the cluster provider uses unchanged), dot-netty TCP on 127.0.0.1 port 0, and
/// ActorNet's MessagePack serializer (<see cref="MessagingConfig"/>) for the messages, as a node's are. With
/// <c>tls</c>, Akka's port runs the mutual TLS a node with a cluster secret runs (<see cref="RemoteSecurity"/>), as
/// local-cluster's nodes always do.
/// </summary>
internal static class BenchSystems
{
    private const string Remote = """
        # Errors only: a client's shutdown logs a harmless dot-netty warning ("Unable to REMOVE channel") that would
        # clutter the figures; a serialization failure is an error and still shows.
        akka.loglevel = ERROR
        akka.stdout-loglevel = ERROR
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        """;

    private const string Secret = "bench-secret";

    public static ActorSystem Create(string name, bool tls = false)
    {
        var config = MessagingConfig.Config.WithFallback(ConfigurationFactory.ParseString(Remote));
        if (!tls) return ActorSystem.Create(name, config);
        var security = RemoteSecurity.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:remote:hostname"] = "127.0.0.1",
            ["actornet:remote:secret"] = Secret,
        }).Build());
        return ActorSystem.Create(name, security.Apply(ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(security.Config.WithFallback(config)))));
    }

    /// <summary>Whether an address printed by <c>serve</c> is a TLS one (the client then runs TLS too).</summary>
    public static bool IsTls(string address) => address.StartsWith("akka.ssl.tcp://", StringComparison.Ordinal);

    /// <summary>The address the system's remoting bound (with the port the OS picked).</summary>
    public static Address Address(ActorSystem system) => ((ExtendedActorSystem)system).Provider.DefaultAddress;

    /// <summary>Replies to every <see cref="Ping"/> with the same message.</summary>
    public sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<Ping>(p => Sender.Tell(p));
    }
}

/// <summary>The ping-pong and Ask message: a small ActorNet message, written by the MessagePack serializer on the wire.</summary>
/// <param name="Value">A sequence number (the echo sends it back).</param>
[MessagePackObject]
public sealed record Ping([property: Key(0)] int Value) : IActorNetMessage;
