namespace ActorNet.Actors.Tests.ClusterModel;

public class PhiAccrualFailureDetectorTests
{
    private readonly ManualTimeProvider _time = new();

    // The formula of the issue, computed directly: phi = -log10(1 - F(y)), F the logistic approximation.
    private static double ExpectedPhi(double elapsed, IReadOnlyList<double> intervals, double pause = 3000, double minStd = 100)
    {
        double mean = intervals.Average();
        double std = Math.Sqrt(intervals.Select(x => (x - mean) * (x - mean)).Average());
        std = Math.Max(std, minStd);
        double y = (elapsed - (mean + pause)) / std;
        double cdf = 1.0 / (1.0 + Math.Exp(-y * (1.5976 + 0.070566 * y * y)));
        return -Math.Log10(1.0 - cdf);
    }

    private PhiAccrualFailureDetector Detector(FailureDetectorOptions? options = null) =>
        new(options ?? new FailureDetectorOptions(), _time);

    [Theory]
    [InlineData(0, 1000, 100)]
    [InlineData(1000, 1000, 100)]
    [InlineData(1100, 1000, 100)]
    [InlineData(1250, 1000, 100)]
    [InlineData(4200, 4000, 158.1)]
    [InlineData(900, 1000, 50)]
    public void Phi_matches_the_formula(double elapsed, double mean, double std)
    {
        double expected = ExpectedPhi(elapsed, [mean - std, mean + std], pause: 0, minStd: 0);
        Assert.Equal(expected, PhiAccrualFailureDetector.PhiOf(elapsed, mean, std), 9);
    }

    [Fact]
    public void Phi_above_the_mean_keeps_precision_where_subtraction_would_give_infinity()
    {
        // y = 10: 1 - F(y) underflows to 0 when computed by subtraction (phi would be infinite).
        double y = 10;
        double cdf = 1.0 / (1.0 + Math.Exp(-y * (1.5976 + 0.070566 * y * y)));
        Assert.Equal(1.0, cdf);
        double phi = PhiAccrualFailureDetector.PhiOf(2000, 1000, 100);
        Assert.Equal(y * (1.5976 + 0.070566 * y * y) / Math.Log(10), phi, 6);
    }

    [Fact]
    public void Phi_after_regular_heartbeats_matches_the_formula_with_the_bootstrap_samples()
    {
        var detector = Detector();
        detector.Heartbeat();
        foreach (int interval in new[] { 1000, 1000, 1000 })
        {
            _time.AdvanceMillis(interval);
            detector.Heartbeat();
        }
        // Akka bootstraps with mean = estimate (1 s), std = mean / 4: samples 750 and 1250.
        double[] intervals = [750, 1250, 1000, 1000, 1000];
        Assert.Equal(intervals, detector.History.Intervals);

        double elapsed = 0;
        foreach (double step in new[] { 0, 2000, 1000, 500, 500, 300 })
        {
            _time.AdvanceMillis(step);
            elapsed += step;
            Assert.Equal(ExpectedPhi(elapsed, intervals), detector.Phi, 9);
        }
    }

    [Fact]
    public void Irregular_intervals_use_their_own_deviation()
    {
        var detector = Detector(new FailureDetectorOptions { AcceptableHeartbeatPause = TimeSpan.Zero, MinStdDeviation = TimeSpan.FromMilliseconds(1) });
        detector.Heartbeat();
        foreach (int interval in new[] { 800, 1400, 900, 1100 })
        {
            _time.AdvanceMillis(interval);
            detector.Heartbeat();
        }
        _time.AdvanceMillis(1300);
        Assert.Equal(ExpectedPhi(1300, [750, 1250, 800, 1400, 900, 1100], pause: 0, minStd: 1), detector.Phi, 9);
    }

    [Fact]
    public void Phi_rises_monotonically_during_a_pause_until_unavailable()
    {
        var detector = Detector();
        detector.Heartbeat();
        for (int i = 0; i < 10; i++)
        {
            _time.AdvanceMillis(1000);
            detector.Heartbeat();
        }
        double previous = detector.Phi;
        bool becameUnavailable = false;
        for (int step = 1; step <= 100; step++)
        {
            _time.AdvanceMillis(100);
            double phi = detector.Phi;
            Assert.True(phi >= previous, $"phi fell from {previous} to {phi} at {step * 100} ms");
            previous = phi;
            if (step * 100 <= 3000)
                Assert.True(detector.IsAvailable, $"unavailable within the acceptable pause, at {step * 100} ms");
            becameUnavailable |= !detector.IsAvailable;
        }
        Assert.True(becameUnavailable);
        Assert.True(previous > 8);
    }

    [Fact]
    public void A_heartbeat_resets_phi()
    {
        var detector = Detector();
        detector.Heartbeat();
        _time.AdvanceMillis(1000);
        detector.Heartbeat();
        _time.AdvanceMillis(4500);
        double suspicious = detector.Phi;
        Assert.True(suspicious > 2, $"phi = {suspicious}");
        Assert.True(detector.IsAvailable);

        detector.Heartbeat();
        Assert.Equal(ExpectedPhi(0, [750, 1250, 1000, 4500]), detector.Phi, 9);
        Assert.True(detector.Phi < 0.001, $"phi = {detector.Phi}");
    }

    [Fact]
    public void The_heartbeat_that_ends_a_failure_is_not_recorded_as_an_interval()
    {
        var detector = Detector();
        detector.Heartbeat();
        _time.AdvanceMillis(60_000);
        Assert.False(detector.IsAvailable);
        detector.Heartbeat();
        Assert.Equal(new double[] { 750, 1250 }, detector.History.Intervals);
        Assert.True(detector.IsAvailable);
    }

    [Fact]
    public void Unmonitored_node_is_available_with_phi_zero()
    {
        var detector = Detector();
        _time.AdvanceMillis(100_000);
        Assert.False(detector.IsMonitoring);
        Assert.True(detector.IsAvailable);
        Assert.Equal(0, detector.Phi);
        detector.Heartbeat();
        Assert.True(detector.IsMonitoring);
    }

    [Fact]
    public void History_keeps_at_most_max_sample_size_intervals()
    {
        var detector = Detector(new FailureDetectorOptions { MaxSampleSize = 3 });
        detector.Heartbeat();
        foreach (int interval in new[] { 900, 1000, 1100 })
        {
            _time.AdvanceMillis(interval);
            detector.Heartbeat();
        }
        Assert.Equal(new double[] { 900, 1000, 1100 }, detector.History.Intervals);
    }
}
