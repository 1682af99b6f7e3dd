using Akka.Configuration;

namespace ActorNet.Messaging;

/// <summary>
/// The HOCON that registers <see cref="MessagePackMessageSerializer"/> with Akka.NET and binds ActorNet's messages
/// to it. Put <see cref="Config"/> in front of the node's configuration (<c>MessagingConfig.Config.WithFallback(...)</c>).
/// </summary>
/// <remarks>
/// Two bindings: <see cref="IActorNetMessage"/>, every ActorNet message; and <c>System.Object</c>, which Akka binds
/// to its Newtonsoft JSON serializer by default. Rebinding the fallback means a type that no serializer claims
/// reaches ours and fails with an error naming it, instead of silently travelling as JSON. Akka's own messages
/// keep their serializers: Akka binds them by their own types and interfaces, and a specific binding wins over
/// <c>System.Object</c>.
/// </remarks>
public static class MessagingConfig
{
    /// <summary>The name the serializer is registered under in <c>akka.actor.serializers</c>.</summary>
    public const string SerializerName = "actornet-msgpack";

    /// <summary>
    /// The serializer's identifier on the wire. Akka reserves 0-40 (and uses some above for its modules); 441 is
    /// ActorNet's and must never be reused for another serializer, or old and new nodes misread each other.
    /// </summary>
    public const int SerializerIdentifier = 441;

    /// <summary>The HOCON text: the serializer, and the bindings of the marker interface and of <c>System.Object</c>.</summary>
    public static readonly string Hocon = $$"""
        akka.actor {
          serializers {
            {{SerializerName}} = "{{typeof(MessagePackMessageSerializer).FullName}}, {{typeof(MessagePackMessageSerializer).Assembly.GetName().Name}}"
          }
          serialization-bindings {
            "{{typeof(IActorNetMessage).FullName}}, {{typeof(IActorNetMessage).Assembly.GetName().Name}}" = {{SerializerName}}
            # Akka's default is "System.Object" = json; ours instead, so nothing falls back to JSON unnoticed.
            "System.Object" = {{SerializerName}}
          }
        }
        """;

    /// <summary><see cref="Hocon"/> parsed, ready to put in front of a node's configuration.</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString(Hocon);
}
