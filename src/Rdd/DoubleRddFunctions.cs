using System.Numerics;

namespace ActorNet.Rdd;

/// <summary>
/// Statistics of numeric RDDs (Spark's <c>DoubleRDDFunctions</c>). They work on <c>Rdd&lt;double&gt;</c> and,
/// as Spark's implicit conversion to doubles does, on any RDD of numbers (<c>int</c>, <c>long</c>,
/// <c>float</c>, …): each value is converted to <c>double</c> in the task.
/// </summary>
public static class DoubleRddFunctions
{
    private const string NoHistogramRange = "Histogram on either an empty RDD or RDD containing +/-infinity or NaN";

    /// <summary>
    /// Count, mean, variance, max and min in one pass: one <see cref="StatCounter"/> per partition, merged on the
    /// driver. An empty RDD (even one without partitions) gives the empty counter.
    /// </summary>
    public static StatCounter Stats<T>(this Rdd<T> rdd) where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(rdd);
        if (rdd.NumPartitions == 0) return default;
        return rdd.MapPartitions(items => new[] { StatCounter.Of(items.Select(ToDouble)) }).Reduce((a, b) => a.Merge(b));
    }

    /// <summary>The sum of the elements (0 for an empty RDD).</summary>
    public static double Sum<T>(this Rdd<T> rdd) where T : INumberBase<T> =>
        rdd.MapPartitions(items => new[] { items.Sum(ToDouble) }).Fold(0.0, (a, b) => a + b);

    /// <summary>The mean (0 for an empty RDD, as Spark's).</summary>
    public static double Mean<T>(this Rdd<T> rdd) where T : INumberBase<T> => rdd.Stats().Mean;

    /// <summary>The population variance (NaN for an empty RDD).</summary>
    public static double Variance<T>(this Rdd<T> rdd) where T : INumberBase<T> => rdd.Stats().Variance;

    /// <summary>The sample variance, dividing by n − 1 (NaN with fewer than two elements).</summary>
    public static double SampleVariance<T>(this Rdd<T> rdd) where T : INumberBase<T> => rdd.Stats().SampleVariance;

    /// <summary>The population standard deviation (NaN for an empty RDD).</summary>
    public static double Stdev<T>(this Rdd<T> rdd) where T : INumberBase<T> => rdd.Stats().Stdev;

    /// <summary>The sample standard deviation (NaN with fewer than two elements).</summary>
    public static double SampleStdev<T>(this Rdd<T> rdd) where T : INumberBase<T> => rdd.Stats().SampleStdev;

    /// <summary>
    /// A histogram of <paramref name="bucketCount"/> evenly spaced buckets between the minimum and the maximum
    /// (Spark's <c>histogram(bucketCount)</c>): buckets [min, min+d), …, [max−d, max], the last one closed so the
    /// maximum counts. When all elements are equal the buckets are [x, x] and hold everything. Runs two jobs
    /// (min/max, then counts). Throws <see cref="InvalidOperationException"/> on an empty RDD or one holding NaN
    /// or ±∞, where no finite range exists.
    /// </summary>
    public static (double[] Buckets, long[] Counts) Histogram<T>(this Rdd<T> rdd, int bucketCount) where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketCount, 1);
        if (rdd.NumPartitions == 0) throw new InvalidOperationException(NoHistogramRange);
        var (max, min) = rdd.MapPartitions(items =>
        {
            var (hi, lo) = (double.NegativeInfinity, double.PositiveInfinity);
            foreach (var x in items.Select(ToDouble))
            {
                hi = Math.Max(hi, x);
                lo = Math.Min(lo, x);
            }
            return new[] { (hi, lo) };
        }).Reduce((a, b) => (Math.Max(a.Item1, b.Item1), Math.Min(a.Item2, b.Item2)));
        if (double.IsNaN(min) || double.IsNaN(max) || double.IsInfinity(min) || double.IsInfinity(max))
            throw new InvalidOperationException(NoHistogramRange);
        var buckets = min != max ? EvenlySpaced(min, max, bucketCount) : [min, min];
        return (buckets, Count(rdd, buckets, evenlySpaced: true));
    }

    /// <summary>
    /// Counts the elements in the given buckets (Spark's <c>histogram(buckets)</c>): edges [1, 10, 20, 50] mean
    /// buckets [1, 10), [10, 20), [20, 50]; the last bucket is closed. Elements outside [first, last] and NaN are
    /// not counted. The edges must be at least two, increasing (no duplicates) and not NaN; ±∞ edges are allowed.
    /// </summary>
    public static long[] Histogram<T>(this Rdd<T> rdd, double[] buckets) where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(buckets);
        if (buckets.Length < 2) throw new ArgumentException("buckets array must have at least two elements", nameof(buckets));
        for (var i = 0; i < buckets.Length; i++)
        {
            if (double.IsNaN(buckets[i])) throw new ArgumentException($"Bucket edge {i} is NaN.", nameof(buckets));
            if (i > 0 && !(buckets[i - 1] < buckets[i]))
                throw new ArgumentException($"Bucket edges must increase strictly: edge {i - 1} is {buckets[i - 1]}, edge {i} is {buckets[i]}.", nameof(buckets));
        }
        return Count(rdd, [.. buckets], evenlySpaced: false);
    }

    private static double ToDouble<T>(T value) where T : INumberBase<T> => double.CreateChecked(value);

    // Spark's customRange (Scala's Range over doubles drifts, SI-8782): min + s·span/steps for each step, then max.
    private static double[] EvenlySpaced(double min, double max, int steps)
    {
        var span = max - min;
        var edges = new double[steps + 1];
        for (var s = 0; s < steps; s++) edges[s] = min + s * span / steps;
        edges[steps] = max;
        return edges;
    }

    private static long[] Count<T>(Rdd<T> rdd, double[] buckets, bool evenlySpaced) where T : INumberBase<T>
    {
        if (rdd.NumPartitions == 0) return new long[buckets.Length - 1];
        return rdd.MapPartitions(items =>
        {
            var counts = new long[buckets.Length - 1];
            foreach (var x in items.Select(ToDouble))
            {
                var bucket = evenlySpaced ? EvenBucket(buckets, x) : SearchBucket(buckets, x);
                if (bucket >= 0) counts[bucket]++;
            }
            return new[] { counts };
        }).Reduce((a, b) =>
        {
            for (var i = 0; i < a.Length; i++) a[i] += b[i];
            return a;
        });
    }

    // Constant time for evenly spaced edges: the position along [min, max] scaled to the bucket count.
    private static int EvenBucket(double[] buckets, double x)
    {
        var (min, max) = (buckets[0], buckets[^1]);
        var count = buckets.Length - 1;
        if (double.IsNaN(x) || x < min || x > max) return -1;
        if (max == min) return 0;
        return Math.Min((int)((x - min) / (max - min) * count), count - 1);
    }

    // Binary search over arbitrary edges; an exact hit on the last edge belongs to the last (closed) bucket.
    private static int SearchBucket(double[] buckets, double x)
    {
        if (double.IsNaN(x)) return -1;
        var location = Array.BinarySearch(buckets, x);
        if (location < 0)
        {
            var insertionPoint = ~location;
            return insertionPoint > 0 && insertionPoint < buckets.Length ? insertionPoint - 1 : -1;
        }
        return location < buckets.Length - 1 ? location : location - 1;
    }
}
