namespace ActorNet.Actors.Tests.ClusterModel;

public class HeartbeatHistoryTests
{
    [Fact]
    public void Mean_and_deviation_follow_the_samples_and_forget_the_oldest()
    {
        var history = HeartbeatHistory.Create(4);
        double[] samples = [100, 200, 400, 800, 1600, 50];
        foreach (double sample in samples)
            history = history.Add(sample);

        double[] kept = [400, 800, 1600, 50];
        double mean = kept.Average();
        double std = Math.Sqrt(kept.Select(x => (x - mean) * (x - mean)).Average());
        Assert.Equal(kept, history.Intervals);
        Assert.Equal(4, history.Count);
        Assert.Equal(mean, history.Mean, 9);
        Assert.Equal(std, history.StdDeviation, 6);
    }

    [Fact]
    public void Bad_samples_and_sizes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HeartbeatHistory.Create(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => HeartbeatHistory.Create(2).Add(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => HeartbeatHistory.Create(2).Add(double.NaN));
        Assert.Equal(0, HeartbeatHistory.Create(2).StdDeviation);
    }
}
