namespace ActorNet.Rdd;

/// <summary>Sums 64-bit integers; also tracks the count and average of the values added.</summary>
[Serializable]
public sealed class LongAccumulator : AccumulatorV2<long, long>
{
    // Running sum and number of values added.
    private long _sum, _count;

    /// <inheritdoc />
    public override bool IsZero => _sum == 0 && _count == 0;

    /// <summary>The sum of the values added.</summary>
    public long Sum => Value;

    /// <summary>How many values were added.</summary>
    public long Count { get { lock (this) return _count; } }

    /// <summary>The average of the values added (NaN when none).</summary>
    public double Avg { get { lock (this) return _count == 0 ? double.NaN : (double)_sum / _count; } }

    /// <inheritdoc />
    public override AccumulatorV2<long, long> Copy() => new LongAccumulator { _sum = _sum, _count = _count };

    /// <inheritdoc />
    public override void Reset() { _sum = 0; _count = 0; }

    /// <inheritdoc />
    public override void Merge(AccumulatorV2<long, long> other)
    {
        var o = (LongAccumulator)other;
        lock (o) { _sum += o._sum; _count += o._count; }
    }

    /// <inheritdoc />
    protected override void AddValue(long value) { _sum += value; _count++; }

    /// <inheritdoc />
    protected override long GetValue() => _sum;
}
