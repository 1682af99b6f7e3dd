namespace ActorNet.Actors.Tests.Messaging;

using ActorNet.ControlPlane;
using ActorNet.Messaging;
using Akka.Configuration;

/// <summary>Configurations for the messaging tests: ActorNet's serializer config in front of each provider's.</summary>
internal static class MessagingTestConfig
{
    /// <summary>A local actor system.</summary>
    public static Config Local { get; } = MessagingConfig.Config;

    /// <summary>A remoting node on 127.0.0.1, port chosen by the OS.</summary>
    public static Config Remote { get; } = MessagingConfig.Config.WithFallback(ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        """));

    /// <summary>
    /// A cluster node on 127.0.0.1 with sharding's coordinator state in distributed data, and the modules' defaults
    /// bound at start as a <see cref="ClusterNode"/> binds them (without them, the first node's replicator gossip could
    /// reach the second before the second had loaded distributed data, and be dropped: a CI run failed on that).
    /// </summary>
    public static Config Cluster { get; } = MessagingConfig.Config.WithFallback(ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.cluster.sharding { state-store-mode = ddata, remember-entities = off }
        """)).WithFallback(ClusterNode.ModuleDefaults);
}
