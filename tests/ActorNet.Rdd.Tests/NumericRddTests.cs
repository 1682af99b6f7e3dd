namespace ActorNet.Rdd.Tests;

/// <summary><see cref="StatCounter"/> on its own: Spark's StatCounter semantics.</summary>
public class StatCounterTests
{
    [Fact]
    public void TheEmptyCounterIsSparksAndDefaultIsEmpty()
    {
        foreach (var empty in new StatCounter[] { default, StatCounter.Of([]), new StatCounter().Merge(new StatCounter()) })
        {
            Assert.Equal(0, empty.Count);
            Assert.Equal(0.0, empty.Mean);
            Assert.Equal(0.0, empty.Sum);
            Assert.Equal(double.NegativeInfinity, empty.Max);
            Assert.Equal(double.PositiveInfinity, empty.Min);
            Assert.True(double.IsNaN(empty.Variance));
            Assert.True(double.IsNaN(empty.SampleVariance));
            Assert.True(double.IsNaN(empty.Stdev));
            Assert.True(double.IsNaN(empty.SampleStdev));
        }
    }

    [Fact]
    public void OneValueHasZeroVarianceAndNoSampleVariance()
    {
        var one = new StatCounter().Merge(-3.5);
        Assert.Equal((1L, -3.5, -3.5, -3.5, -3.5, 0.0), (one.Count, one.Mean, one.Sum, one.Max, one.Min, one.Variance));
        Assert.True(double.IsNaN(one.SampleVariance));
    }

    [Fact]
    public void StatisticsMatchTheTextbookFormulas()
    {
        double[] values = [2, 4, 4, 4, 5, 5, 7, 9];
        var s = StatCounter.Of(values);
        Assert.Equal(8, s.Count);
        Assert.Equal(5.0, s.Mean, 12);
        Assert.Equal(40.0, s.Sum, 12);
        Assert.Equal(9.0, s.Max);
        Assert.Equal(2.0, s.Min);
        Assert.Equal(4.0, s.Variance, 12);
        Assert.Equal(2.0, s.Stdev, 12);
        Assert.Equal(32.0 / 7, s.SampleVariance, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7), s.SampleStdev, 12);
        Assert.Equal("(count: 8, mean: 5.000000, stdev: 2.000000, max: 9.000000, min: 2.000000)", s.ToString());
    }

    [Fact]
    public void MergingCountersEqualsCountingEverything()
    {
        var rng = new Random(11);
        var values = Enumerable.Range(0, 1000).Select(_ => rng.NextDouble() * 100 - 30).ToArray();
        var whole = StatCounter.Of(values);
        // Uneven pieces exercise all three of Chan's mean updates (one side more than ten times the other, and not).
        foreach (var cut in new[] { 0, 3, 50, 500, 990, 1000 })
        {
            var merged = StatCounter.Of(values[..cut]).Merge(StatCounter.Of(values[cut..]));
            Assert.Equal(whole.Count, merged.Count);
            Assert.Equal(whole.Mean, merged.Mean, 10);
            Assert.Equal(whole.Variance, merged.Variance, 8);
            Assert.Equal(whole.Max, merged.Max);
            Assert.Equal(whole.Min, merged.Min);
        }
        var twice = whole.Merge(whole);
        Assert.Equal(2 * whole.Count, twice.Count);
        Assert.Equal(whole.Variance, twice.Variance, 8);
        Assert.Equal(whole, whole.Merge(new StatCounter()));
        Assert.Equal(whole, default(StatCounter).Merge(whole));
    }

    [Fact]
    public void VarianceStaysExactWhenTheMeanDwarfsTheSpread()
    {
        // Sum-of-squares formulas lose every digit here (1e18-sized squares); Welford and Chan keep them.
        double[] values = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
        var one = StatCounter.Of(values);
        var merged = StatCounter.Of(values[..1]).Merge(StatCounter.Of(values[1..]));
        Assert.Equal(1e9 + 10, one.Mean);
        Assert.Equal(22.5, one.Variance, 9);
        Assert.Equal(30.0, one.SampleVariance, 9);
        Assert.Equal(22.5, merged.Variance, 9);
    }

    [Fact]
    public void NanAndInfinitiesPropagateAsInSpark()
    {
        var withNan = StatCounter.Of([1.0, double.NaN, 3.0]);
        Assert.True(double.IsNaN(withNan.Mean));
        Assert.True(double.IsNaN(withNan.Max));
        Assert.True(double.IsNaN(withNan.Min));
        var withInf = StatCounter.Of([1.0, double.PositiveInfinity]);
        Assert.Equal(double.PositiveInfinity, withInf.Max);
        Assert.Equal(1.0, withInf.Min);
        Assert.Equal(double.PositiveInfinity, withInf.Mean);
    }
}

/// <summary>Spark's DoubleRDDFunctions in local[2]: statistics and histograms, on doubles and on other numbers.</summary>
public class NumericRddTests : RddTestsBase
{
    [Fact]
    public void StatsOfAnRddMatchTheCounterOfItsValuesWhateverTheNumberType()
    {
        using var sc = Local2();
        var ints = TestData.Numbers(1000);
        var expected = StatCounter.Of(ints.Select(x => (double)x));
        // Seven partitions over 1000 values, and two over three values with empty ones among five.
        var stats = sc.Parallelize(ints, 7).Map(x => (double)x).Stats();
        Assert.Equal(expected.Count, stats.Count);
        Assert.Equal(expected.Mean, stats.Mean, 10);
        Assert.Equal(expected.Variance, stats.Variance, 8);
        Assert.Equal((expected.Max, expected.Min), (stats.Max, stats.Min));

        var intRdd = sc.Parallelize(ints, 7);
        Assert.Equal(expected.Mean, intRdd.Mean(), 10);
        Assert.Equal(expected.Variance, intRdd.Variance(), 8);
        Assert.Equal(expected.SampleVariance, intRdd.SampleVariance(), 8);
        Assert.Equal(expected.Stdev, intRdd.Stdev(), 8);
        Assert.Equal(expected.SampleStdev, intRdd.SampleStdev(), 8);
        Assert.Equal(ints.Sum(), intRdd.Sum());
        Assert.Equal(expected.Mean, sc.Parallelize(ints.Select(x => (long)x), 3).Mean(), 10);
        Assert.Equal(expected.Variance, sc.Parallelize(ints.Select(x => (float)x), 3).Variance(), 6);

        var sparse = sc.Parallelize(new[] { 1.0, 2.0, 6.0 }, 5).Stats();
        Assert.Equal((3L, 3.0, 9.0, 6.0, 1.0), (sparse.Count, sparse.Mean, sparse.Sum, sparse.Max, sparse.Min));
        Assert.Equal(14.0 / 3, sparse.Variance, 12);
    }

    [Fact]
    public void AnEmptyRddHasTheEmptyCounter()
    {
        using var sc = Local2();
        foreach (var empty in new[] { sc.Parallelize(Array.Empty<double>(), 3), sc.EmptyRdd<double>() })
        {
            var stats = empty.Stats();
            Assert.Equal((0L, 0.0, 0.0, double.NegativeInfinity, double.PositiveInfinity), (stats.Count, stats.Mean, stats.Sum, stats.Max, stats.Min));
            Assert.Equal(0.0, empty.Mean());
            Assert.Equal(0.0, empty.Sum());
            Assert.True(double.IsNaN(empty.Variance()));
            Assert.True(double.IsNaN(empty.SampleStdev()));
        }
        Assert.True(double.IsNaN(sc.Parallelize(new[] { 4 }, 2).SampleVariance()));
        Assert.Equal(0.0, sc.Parallelize(new[] { 4 }, 2).Variance());
    }

    [Fact]
    public void StatCountersAggregatedByTheUserTravelAsValues()
    {
        using var sc = Local2();
        var data = Enumerable.Range(1, 100).Select(i => i * 0.5).ToArray();
        var rdd = sc.Parallelize(data, 4);
        var aggregated = rdd.Aggregate(new StatCounter(), (s, x) => s.Merge(x), (a, b) => a.Merge(b));
        Assert.Equal(rdd.Stats(), aggregated);
        var perPartition = rdd.MapPartitions(items => new[] { StatCounter.Of(items) }).Collect();
        Assert.Equal(new long[] { 25, 25, 25, 25 }, perPartition.Select(s => s.Count));
        Assert.Equal(data.Max(), perPartition.Aggregate((a, b) => a.Merge(b)).Max);
        var byKey = rdd.Map(x => ((int)x % 3, x)).AggregateByKey(new StatCounter(), (s, x) => s.Merge(x), (a, b) => a.Merge(b)).CollectAsMap();
        Assert.Equal(data.Where(x => (int)x % 3 == 1).Average(), byKey[1].Mean, 10);
    }

    [Fact]
    public void HistogramWithGivenBucketsFollowsSparksCases()
    {
        using var sc = Local2();
        long[] Histogram(double[] values, params double[] buckets) => sc.Parallelize(values, 3).Histogram(buckets);
        Assert.Equal(new long[] { 0 }, Histogram([], 0, 10));
        Assert.Equal(new long[] { 0 }, sc.EmptyRdd<double>().Histogram([0.0, 10.0]));
        Assert.Equal(new long[] { 0 }, Histogram([10.01, -0.01], 0, 10));
        Assert.Equal(new long[] { 4 }, Histogram([1, 2, 3, 4], 0, 10));
        Assert.Equal(new long[] { 4 }, Histogram([1, 2, 3, 4], 1, 4));
        Assert.Equal(new long[] { 0, 0 }, Histogram([10.01, -0.01], 0, 5, 10));
        Assert.Equal(new long[] { 3, 2 }, Histogram([1, 2, 3, 5, 6], 0, 5, 10));
        Assert.Equal(new long[] { 3, 2 }, Histogram([1, 2, 3, 5, 6, double.NaN], 0, 5, 10));
        Assert.Equal(new long[] { 4, 3 }, Histogram([-0.01, 0.0, 1, 2, 3, 5, 6, 11.0, 11.01], 0, 5, 11));
        double[] mixed = [-0.01, 0.0, 1, 2, 3, 5, 6, 11.01, 12.0, 199.0, 200.0, 200.1, double.NaN];
        Assert.Equal(new long[] { 4, 2, 1, 3 }, Histogram(mixed, 0.0, 5.0, 11.0, 12.0, 200.0));
        double[] withInfinities = [.. mixed, double.PositiveInfinity, double.NegativeInfinity];
        Assert.Equal(new long[] { 2, 4, 2, 1, 2, 3 },
            Histogram(withInfinities, double.NegativeInfinity, 0, 5, 11, 12, 200, double.PositiveInfinity));
        Assert.Equal(new long[] { 1, 1 }, Histogram([10.01, -0.01, double.NaN], double.NegativeInfinity, 0, double.PositiveInfinity));
        Assert.Equal(new long[] { 2, 1 }, sc.Parallelize(new[] { 1, 2, 7 }, 2).Histogram([0.0, 5.0, 10.0]));

        var rdd = sc.Parallelize(new[] { 1.0 }, 1);
        Assert.Throws<ArgumentException>(() => rdd.Histogram(Array.Empty<double>()));
        Assert.Throws<ArgumentException>(() => rdd.Histogram([1.0]));
        Assert.Contains("increase", Assert.Throws<ArgumentException>(() => rdd.Histogram([5.0, 1.0])).Message);
        Assert.Throws<ArgumentException>(() => rdd.Histogram([1.0, 1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => rdd.Histogram([0.0, double.NaN]));
    }

    private static void AssertHistogram(double[] buckets, long[] counts, (double[] Buckets, long[] Counts) actual)
    {
        Assert.Equal(buckets, actual.Buckets);
        Assert.Equal(counts, actual.Counts);
    }

    [Fact]
    public void HistogramWithABucketCountSpansMinToMaxEvenly()
    {
        using var sc = Local2();
        (double[] Buckets, long[] Counts) Histogram(double[] values, int count) => sc.Parallelize(values, 3).Histogram(count);
        AssertHistogram([1.0, 4.0], [4], Histogram([1, 2, 3, 4], 1));
        AssertHistogram([1.0, 1.0], [1], Histogram([1], 1));
        AssertHistogram([1.0, 1.0], [4], Histogram([1, 1, 1, 1], 3));
        AssertHistogram([1.0, 2.5, 4.0], [2, 2], Histogram([1, 2, 3, 4], 2));
        AssertHistogram([1.0, 1.5, 2.0, 2.5, 3.0], [3, 0, 1, 2], Histogram([1, 1, 1, 2, 3, 3], 4));
        AssertHistogram([1.0, 2.0, 3.0], [3, 3], Histogram([1, 1, 1, 2, 3, 3], 2));
        var (tenths, counts) = Histogram([1, 2], 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(s => 1.0 + s * 1.0 / 10).Append(2.0), tenths);
        Assert.Equal(new long[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, counts);

        var data = Enumerable.Range(6, 94).ToArray();
        var (edges, large) = sc.Parallelize(data, 4).Histogram(8);
        Assert.Equal(Enumerable.Range(0, 8).Select(s => 6.0 + s * 93.0 / 8).Append(99.0), edges);
        var expected = new long[8];
        foreach (var x in data) expected[Math.Min((int)((x - 6.0) / 93.0 * 8), 7)]++;
        Assert.Equal(expected, large);
        Assert.Equal(data.Length, large.Sum());

        const string Message = "Histogram on either an empty RDD or RDD containing +/-infinity or NaN";
        Assert.Equal(Message, Assert.Throws<InvalidOperationException>(() => Histogram([], 3)).Message);
        Assert.Equal(Message, Assert.Throws<InvalidOperationException>(() => sc.EmptyRdd<double>().Histogram(3)).Message);
        Assert.Equal(Message, Assert.Throws<InvalidOperationException>(() => Histogram([1.0, double.PositiveInfinity], 3)).Message);
        Assert.Equal(Message, Assert.Throws<InvalidOperationException>(() => Histogram([1.0, double.NegativeInfinity], 3)).Message);
        Assert.Equal(Message, Assert.Throws<InvalidOperationException>(() => Histogram([1.0, double.NaN, 2.0], 3)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Histogram([1.0], 0));
    }
}

/// <summary>Every test of <see cref="NumericRddTests"/> with tasks run from their serialized binaries, as on a cluster executor.</summary>
public sealed class ShippedNumericRddTests : NumericRddTests
{
    protected override bool Shipped => true;
}
