using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>
/// The last <see cref="MaxSampleSize"/> intervals between heartbeats (milliseconds), with running sums
/// so mean and variance cost nothing to read. Immutable: adding returns a new history.
/// </summary>
internal sealed class HeartbeatHistory
{
    private readonly ImmutableQueue<double> _intervals;

    private HeartbeatHistory(int maxSampleSize, ImmutableQueue<double> intervals, int count, double sum, double squaredSum)
    {
        MaxSampleSize = maxSampleSize;
        _intervals = intervals;
        Count = count;
        Sum = sum;
        SquaredSum = squaredSum;
    }

    public static HeartbeatHistory Create(int maxSampleSize)
    {
        if (maxSampleSize < 1)
            throw new ArgumentOutOfRangeException(nameof(maxSampleSize), maxSampleSize, "A heartbeat history holds at least one sample.");
        return new HeartbeatHistory(maxSampleSize, ImmutableQueue<double>.Empty, 0, 0, 0);
    }

    public int MaxSampleSize { get; }

    public int Count { get; }

    public double Sum { get; }

    public double SquaredSum { get; }

    public IEnumerable<double> Intervals => _intervals;

    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>The population variance; never negative, even after rounding.</summary>
    public double Variance => Count == 0 ? 0 : Math.Max(0, SquaredSum / Count - Mean * Mean);

    public double StdDeviation => Math.Sqrt(Variance);

    /// <summary>Appends an interval, dropping the oldest when the history is full.</summary>
    public HeartbeatHistory Add(double intervalMillis)
    {
        if (!double.IsFinite(intervalMillis) || intervalMillis < 0)
            throw new ArgumentOutOfRangeException(nameof(intervalMillis), intervalMillis, "A heartbeat interval is a finite, non-negative number of milliseconds.");
        var intervals = _intervals;
        int count = Count;
        double sum = Sum, squared = SquaredSum;
        if (count == MaxSampleSize)
        {
            intervals = intervals.Dequeue(out double oldest);
            count--;
            sum -= oldest;
            squared -= oldest * oldest;
        }
        return new HeartbeatHistory(MaxSampleSize, intervals.Enqueue(intervalMillis), count + 1, sum + intervalMillis, squared + intervalMillis * intervalMillis);
    }
}
