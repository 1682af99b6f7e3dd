using ActorNet.Actors.Sharding;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors.Tests.Sharding;

public sealed class ShardingSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Missing_keys_take_the_reference_defaults()
    {
        var settings = ClusterShardingSettings.FromConfiguration(Config());
        Assert.Equal(100, settings.NumberOfShards);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.RebalanceInterval);
        Assert.Equal(3, settings.RebalanceMaxSimultaneous);
        Assert.Equal(TimeSpan.Zero, settings.PassivateIdleAfter);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.HandOffTimeout);
        Assert.Equal(100_000, settings.BufferSize);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.RetryInterval);
    }

    [Fact]
    public void Keys_under_actornet_cluster_sharding_are_read()
    {
        const string p = "actornet:cluster:sharding:";
        var settings = ClusterShardingSettings.FromConfiguration(Config(
            (p + "number-of-shards", "30"), (p + "rebalance-interval", "2s"), (p + "rebalance-max-simultaneous", "5"),
            (p + "passivate-idle-after", "2 minutes"), (p + "handoff-timeout", "500ms"), (p + "buffer-size", "7"),
            (p + "retry-interval", "100ms")));
        Assert.Equal(30, settings.NumberOfShards);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.RebalanceInterval);
        Assert.Equal(5, settings.RebalanceMaxSimultaneous);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.PassivateIdleAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.HandOffTimeout);
        Assert.Equal(7, settings.BufferSize);
        Assert.Equal(TimeSpan.FromMilliseconds(100), settings.RetryInterval);
    }

    [Theory]
    [InlineData("number-of-shards", "0")]
    [InlineData("number-of-shards", "many")]
    [InlineData("rebalance-max-simultaneous", "0")]
    [InlineData("rebalance-interval", "0s")]
    [InlineData("buffer-size", "-1")]
    public void A_bad_value_is_reported_with_its_key(string key, string value)
    {
        var error = Assert.Throws<FormatException>(() => ClusterShardingSettings.FromConfiguration(Config(("actornet:cluster:sharding:" + key, value))));
        Assert.Contains("actornet:cluster:sharding:" + key, error.Message);
    }
}
