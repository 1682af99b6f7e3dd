namespace ActorNet.Rdd;

/// <summary>Sums doubles; also tracks the count and average of the values added.</summary>
[Serializable]
public sealed class DoubleAccumulator : AccumulatorV2<double, double>
{
    // Running sum and number of values added.
    private double _sum;
    private long _count;

    /// <inheritdoc />
    public override bool IsZero => _sum == 0 && _count == 0;

    /// <summary>The sum of the values added.</summary>
    public double Sum => Value;

    /// <summary>How many values were added.</summary>
    public long Count { get { lock (this) return _count; } }

    /// <summary>The average of the values added (NaN when none).</summary>
    public double Avg { get { lock (this) return _count == 0 ? double.NaN : _sum / _count; } }

    /// <inheritdoc />
    public override AccumulatorV2<double, double> Copy() => new DoubleAccumulator { _sum = _sum, _count = _count };

    /// <inheritdoc />
    public override void Reset() { _sum = 0; _count = 0; }

    /// <inheritdoc />
    public override void Merge(AccumulatorV2<double, double> other)
    {
        var o = (DoubleAccumulator)other;
        lock (o) { _sum += o._sum; _count += o._count; }
    }

    /// <inheritdoc />
    protected override void AddValue(double value) { _sum += value; _count++; }

    /// <inheritdoc />
    protected override double GetValue() => _sum;
}
