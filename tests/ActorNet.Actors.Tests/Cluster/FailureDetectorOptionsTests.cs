using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors.Tests.ClusterModel;

public class FailureDetectorOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)))
            .Build();

    [Fact]
    public void Defaults_are_Akkas()
    {
        var options = FailureDetectorOptions.FromConfiguration(Config());
        Assert.Equal(8.0, options.Threshold);
        Assert.Equal(1000, options.MaxSampleSize);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.MinStdDeviation);
        Assert.Equal(TimeSpan.FromSeconds(3), options.AcceptableHeartbeatPause);
        Assert.Equal(TimeSpan.FromSeconds(1), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.EffectiveFirstHeartbeatEstimate);
    }

    [Fact]
    public void Keys_override_the_defaults()
    {
        var options = FailureDetectorOptions.FromConfiguration(Config(
            ("actornet:cluster:failure-detector:threshold", "12.5"),
            ("actornet:cluster:failure-detector:max-sample-size", "200"),
            ("actornet:cluster:failure-detector:min-std-deviation", "250ms"),
            ("actornet:cluster:failure-detector:acceptable-heartbeat-pause", "10 s"),
            ("actornet:cluster:heartbeat-interval", "500ms")));
        Assert.Equal(12.5, options.Threshold);
        Assert.Equal(200, options.MaxSampleSize);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.MinStdDeviation);
        Assert.Equal(TimeSpan.FromSeconds(10), options.AcceptableHeartbeatPause);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.EffectiveFirstHeartbeatEstimate);
    }

    [Theory]
    [InlineData("actornet:cluster:failure-detector:threshold", "high", "is not a number")]
    [InlineData("actornet:cluster:failure-detector:threshold", "-1", "must be a positive number")]
    [InlineData("actornet:cluster:failure-detector:max-sample-size", "0", "at least 1")]
    [InlineData("actornet:cluster:failure-detector:acceptable-heartbeat-pause", "3 fortnights", "unknown unit 'fortnights'")]
    [InlineData("actornet:cluster:failure-detector:min-std-deviation", "0s", "must be positive")]
    public void Bad_values_name_their_key(string key, string value, string problem)
    {
        var error = Assert.ThrowsAny<Exception>(() => FailureDetectorOptions.FromConfiguration(Config((key, value))));
        Assert.Contains(key, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("3s", 3000)]
    [InlineData("100ms", 100)]
    [InlineData("1.5 minutes", 90_000)]
    [InlineData("250", 250)]
    [InlineData("20 seconds", 20_000)]
    [InlineData("500us", 0.5)]
    [InlineData("1h", 3_600_000)]
    public void Durations_are_read_as_HOCON_writes_them(string text, double millis) =>
        Assert.Equal(
            TimeSpan.FromMilliseconds(millis),
            FailureDetectorOptions.ReadDuration(new ConfigurationBuilder().AddInMemoryCollection([new("k", text)]).Build(), "k"));
}
