using ActorNet.Messaging;
using Akka.Actor;
using Akka.Configuration;
using MessagePack;

namespace ActorNet.Bench.Actors;

/// <summary>
/// The Akka.NET systems of the two-process benchmarks: provider <c>remote</c> (plain Akka.Remote, no cluster membership:
/// the ping-pong measures remoting, which the cluster provider uses unchanged), dot-netty TCP on 127.0.0.1 port 0, and
/// ActorNet's MessagePack serializer (<see cref="MessagingConfig"/>) for the messages, as a node's are.
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

    public static ActorSystem Create(string name) =>
        ActorSystem.Create(name, MessagingConfig.Config.WithFallback(ConfigurationFactory.ParseString(Remote)));

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
