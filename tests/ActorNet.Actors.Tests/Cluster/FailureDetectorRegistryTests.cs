namespace ActorNet.Actors.Tests.ClusterModel;

public class FailureDetectorRegistryTests
{
    [Fact]
    public void Detectors_start_on_first_heartbeat_and_are_independent()
    {
        var time = new ManualTimeProvider();
        var registry = new FailureDetectorRegistry<string>(() => new PhiAccrualFailureDetector(new FailureDetectorOptions(), time));

        Assert.True(registry.IsAvailable("a"));
        Assert.False(registry.IsMonitoring("a"));

        registry.Heartbeat("a");
        registry.Heartbeat("b");
        for (int i = 0; i < 30; i++)
        {
            time.AdvanceMillis(1000);
            registry.Heartbeat("b");
        }
        Assert.True(registry.IsMonitoring("a"));
        Assert.False(registry.IsAvailable("a"));
        Assert.True(registry.IsAvailable("b"));

        registry.Remove("a");
        Assert.True(registry.IsAvailable("a"));
        Assert.Equal(new[] { "b" }, registry.Monitored);
        registry.Reset();
        Assert.Empty(registry.Monitored);
    }
}
