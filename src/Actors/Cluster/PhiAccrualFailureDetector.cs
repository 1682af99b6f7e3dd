namespace ActorNet.Actors;

/// <summary>
/// Akka's phi-accrual failure detector (Hayashibara et al.): instead of a yes/no timeout it gives a
/// suspicion level φ = −log10(1 − F(t)), where F is the normal distribution fitted to past heartbeat
/// intervals, with its mean shifted by the acceptable pause and its standard deviation floored. The node
/// counts as unavailable once φ reaches the threshold. Time comes from a <see cref="TimeProvider"/>.
/// </summary>
internal sealed class PhiAccrualFailureDetector : IFailureDetector
{
    private readonly FailureDetectorOptions _options;
    private readonly TimeProvider _time;

    // History and last arrival, swapped atomically so heartbeats and queries may come from any thread.
    private State _state;

    private sealed record State(HeartbeatHistory History, long? LastTimestamp);

    public PhiAccrualFailureDetector(FailureDetectorOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _time = time;
        _state = new State(FirstHeartbeatHistory(options), null);
    }

    public bool IsAvailable => IsAvailableAt(_time.GetTimestamp());

    public bool IsMonitoring => Volatile.Read(ref _state).LastTimestamp is not null;

    /// <summary>The current suspicion level; 0 before the first heartbeat.</summary>
    public double Phi => PhiAt(_time.GetTimestamp());

    internal HeartbeatHistory History => Volatile.Read(ref _state).History;

    public void Heartbeat()
    {
        long now = _time.GetTimestamp();
        while (true)
        {
            var old = Volatile.Read(ref _state);
            var history = old.History;
            // The first heartbeat after a failure is not an interval: a long pause would skew the statistics.
            if (old.LastTimestamp is long last && IsAvailableAt(now))
                history = history.Add(_time.GetElapsedTime(last, now).TotalMilliseconds);
            var updated = new State(history, now);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _state, updated, old), old))
                return;
        }
    }

    private bool IsAvailableAt(long timestamp) => PhiAt(timestamp) < _options.Threshold;

    private double PhiAt(long timestamp)
    {
        var state = Volatile.Read(ref _state);
        if (state.LastTimestamp is not long last)
            return 0.0;
        double timeDiff = _time.GetElapsedTime(last, timestamp).TotalMilliseconds;
        double mean = state.History.Mean + _options.AcceptableHeartbeatPause.TotalMilliseconds;
        double stdDeviation = Math.Max(state.History.StdDeviation, _options.MinStdDeviation.TotalMilliseconds);
        return PhiOf(timeDiff, mean, stdDeviation);
    }

    /// <summary>
    /// φ for an elapsed time, using the logistic approximation of the normal CDF
    /// 1/(1+e^(−y(1.5976+0.070566y²))). Above the mean, 1 − F is computed as e/(1+e) rather than by
    /// subtraction, so φ stays finite and exact well past the threshold (as Akka does).
    /// </summary>
    internal static double PhiOf(double timeDiffMillis, double meanMillis, double stdDeviationMillis)
    {
        double y = (timeDiffMillis - meanMillis) / stdDeviationMillis;
        double e = Math.Exp(-y * (1.5976 + 0.070566 * y * y));
        return timeDiffMillis > meanMillis
            ? -Math.Log10(e / (1.0 + e))
            : -Math.Log10(1.0 - 1.0 / (1.0 + e));
    }

    // Akka seeds the history with two intervals around the estimate: mean = estimate, std = estimate / 4.
    private static HeartbeatHistory FirstHeartbeatHistory(FailureDetectorOptions options)
    {
        double mean = options.EffectiveFirstHeartbeatEstimate.TotalMilliseconds;
        double stdDeviation = mean / 4;
        return HeartbeatHistory.Create(options.MaxSampleSize).Add(mean - stdDeviation).Add(mean + stdDeviation);
    }
}
