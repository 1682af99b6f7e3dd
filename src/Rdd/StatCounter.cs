using System.Globalization;

namespace ActorNet.Rdd;

/// <summary>
/// Count, mean, variance, max and min of a set of numbers, computed in one pass and mergeable (Spark's
/// <c>StatCounter</c>): values are added with Welford's update and counters of different partitions are
/// combined with Chan et al.'s formula, so the variance stays accurate when the mean is large against the
/// spread. Immutable: <see cref="Merge(double)"/> and <see cref="Merge(StatCounter)"/> return a new counter
/// (Spark mutates and returns <c>this</c>; code that uses the returned value behaves the same).
/// </summary>
/// <remarks>
/// A struct of five numbers and nothing else, so it travels between processes as its raw bytes (a task result,
/// a fold's zero value). <c>default(StatCounter)</c> is the empty counter: count 0, mean 0, sum 0,
/// max -∞, min +∞ and NaN variances.
/// </remarks>
public readonly struct StatCounter : IEquatable<StatCounter>
{
    private readonly long _count;
    private readonly double _mean;
    // Sum of squared differences from the mean.
    private readonly double _m2;
    // Only meaningful when _count > 0, so that default(StatCounter) is the empty counter.
    private readonly double _max;
    private readonly double _min;

    private StatCounter(long count, double mean, double m2, double max, double min)
    {
        _count = count;
        _mean = mean;
        _m2 = m2;
        _max = max;
        _min = min;
    }

    /// <summary>The counter of <paramref name="values"/>.</summary>
    public static StatCounter Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var counter = new StatCounter();
        foreach (var value in values) counter = counter.Merge(value);
        return counter;
    }

    /// <summary>How many values were added.</summary>
    public long Count => _count;

    /// <summary>The mean (0 when empty, as Spark's).</summary>
    public double Mean => _mean;

    /// <summary>The sum, count × mean (0 when empty).</summary>
    public double Sum => _count * _mean;

    /// <summary>The largest value (-∞ when empty; NaN once a NaN was added).</summary>
    public double Max => _count == 0 ? double.NegativeInfinity : _max;

    /// <summary>The smallest value (+∞ when empty; NaN once a NaN was added).</summary>
    public double Min => _count == 0 ? double.PositiveInfinity : _min;

    /// <summary>The population variance, m2 / n (NaN when empty).</summary>
    public double Variance => _count == 0 ? double.NaN : _m2 / _count;

    /// <summary>The sample variance, m2 / (n − 1), the unbiased estimate (NaN with fewer than two values).</summary>
    public double SampleVariance => _count <= 1 ? double.NaN : _m2 / (_count - 1);

    /// <summary>The population standard deviation (NaN when empty).</summary>
    public double Stdev => Math.Sqrt(Variance);

    /// <summary>The sample standard deviation (NaN with fewer than two values).</summary>
    public double SampleStdev => Math.Sqrt(SampleVariance);

    /// <summary>This counter with <paramref name="value"/> added (Welford's update).</summary>
    public StatCounter Merge(double value)
    {
        var count = _count + 1;
        var delta = value - _mean;
        var mean = _mean + delta / count;
        var m2 = _m2 + delta * (value - mean);
        // Math.Max/Min return NaN when either side is NaN, like Java's Math.max in Spark.
        return _count == 0
            ? new StatCounter(count, mean, m2, value, value)
            : new StatCounter(count, mean, m2, Math.Max(_max, value), Math.Min(_min, value));
    }

    /// <summary>This counter combined with <paramref name="other"/> (Chan et al.'s parallel formula, as Spark).</summary>
    public StatCounter Merge(StatCounter other)
    {
        if (_count == 0) return other;
        if (other._count == 0) return this;
        var n = _count;
        var m = other._count;
        var total = n + m;
        var delta = other._mean - _mean;
        // Spark's choice: when one side is much smaller, shift the larger side's mean instead of averaging, which
        // loses less precision.
        var mean = m * 10 < n ? _mean + delta * m / total
            : n * 10 < m ? other._mean - delta * n / total
            : (_mean * n + other._mean * m) / total;
        var m2 = _m2 + other._m2 + delta * delta * n * m / total;
        return new StatCounter(total, mean, m2, Math.Max(_max, other._max), Math.Min(_min, other._min));
    }

    /// <inheritdoc />
    public bool Equals(StatCounter other) =>
        _count == other._count && _mean.Equals(other._mean) && _m2.Equals(other._m2) && Max.Equals(other.Max) && Min.Equals(other.Min);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StatCounter other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_count, _mean, _m2, Max, Min);

    /// <summary>Equal when every statistic is equal.</summary>
    public static bool operator ==(StatCounter left, StatCounter right) => left.Equals(right);

    /// <summary>Not equal when some statistic differs.</summary>
    public static bool operator !=(StatCounter left, StatCounter right) => !left.Equals(right);

    /// <summary>Spark's format: (count: n, mean: m, stdev: s, max: x, min: y).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"(count: {Count}, mean: {Mean:F6}, stdev: {Stdev:F6}, max: {Max:F6}, min: {Min:F6})");
}
