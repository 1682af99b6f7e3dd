using ActorNet.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorNet.ControlPlane.Tests;

/// <summary>One configuration source for ActorNet and Akka: the layered HOCON becomes Akka's Config.</summary>
public sealed class AkkaConfigBuilderTests
{
    [Fact]
    public void The_reference_akka_block_reaches_Akka()
    {
        var config = AkkaConfigBuilder.Build(new ConfigurationBuilder().AddActorNetReference().Build());
        Assert.Equal("cluster", config.GetString("akka.actor.provider"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(["Akka.Hosting.Logging.LoggerFactoryLogger, Akka.Hosting"], config.GetStringList("akka.loggers"));
        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(0, config.GetInt("akka.remote.dot-netty.tcp.port"));
    }

    [Fact]
    public void Later_sources_override_akka_keys_and_keep_their_types()
    {
        var configuration = new ConfigurationBuilder()
            .AddActorNetReference()
            .AddHoconString("akka.cluster.failure-detector.threshold = 12.5\nakka.remote.dot-netty.tcp.maximum-frame-size = 256000b")
            .AddInMemoryCollection([new("akka:cluster:failure-detector:acceptable-heartbeat-pause", "7s"), new("akka:cluster:log-info", "off")])
            .Build();
        var config = AkkaConfigBuilder.Build(configuration);
        Assert.Equal(12.5, config.GetDouble("akka.cluster.failure-detector.threshold"));
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
        Assert.Equal(256000L, config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size"));
        Assert.False(config.GetBoolean("akka.cluster.log-info"));
    }

    [Fact]
    public void Node_settings_become_Akka_addresses_and_win_over_the_akka_block()
    {
        var configuration = new ConfigurationBuilder()
            .AddActorNetReference()
            .AddInMemoryCollection([
                new("akka:remote:dot-netty:tcp:port", "1111"),
                new("actornet:remote:port", "2552"),
                new("actornet:cluster:seed-nodes:0", "10.0.0.5:2552"),
                new("actornet:cluster:seed-nodes:1", "akka.tcp://actornet@10.0.0.6:2552"),
                new("actornet:cluster:roles:0", "worker"),
            ])
            .Build();
        var config = AkkaConfigBuilder.Build(configuration);
        Assert.Equal(2552, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["akka.tcp://actornet@10.0.0.5:2552", "akka.tcp://actornet@10.0.0.6:2552"], config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(["worker"], config.GetStringList("akka.cluster.roles"));
        Assert.Equal("akka.ssl.tcp://actornet@h:1", AkkaConfigBuilder.SeedNode("h:1", tls: true));
    }

    [Theory]
    [InlineData("host")]
    [InlineData("host:0")]
    [InlineData("host:99999")]
    [InlineData("actornet.tcp://actornet@host:2552")]
    public void A_malformed_seed_is_named_in_the_error(string seed)
    {
        var error = Assert.Throws<ArgumentException>(() => AkkaConfigBuilder.SeedNode(seed));
        Assert.Contains($"'{seed}'", error.Message);
    }
}
