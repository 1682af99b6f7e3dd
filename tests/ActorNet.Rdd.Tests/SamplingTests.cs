namespace ActorNet.Rdd.Tests;

/// <summary>TakeSample and SampleByKey in local[2], with Spark's edge cases.</summary>
public class SamplingTests : RddTestsBase
{
    [Fact]
    public void TakeSampleGivesExactlyNumElementsOfTheRdd()
    {
        using var sc = Local2();
        var data = Enumerable.Range(0, 1000).ToArray();
        var rdd = sc.Parallelize(data, 6);
        foreach (var num in new[] { 1, 7, 100, 999 })
        {
            var sample = rdd.TakeSample(false, num, 42);
            Assert.Equal(num, sample.Length);
            Assert.Equal(num, sample.Distinct().Count());
            Assert.All(sample, x => Assert.InRange(x, 0, 999));
        }
        foreach (var num in new[] { 1, 50, 1000, 5000 })
        {
            var sample = rdd.TakeSample(true, num, 42);
            Assert.Equal(num, sample.Length);
            Assert.All(sample, x => Assert.InRange(x, 0, 999));
        }
        // With replacement and far more draws than elements, repeats are certain.
        Assert.True(rdd.TakeSample(true, 5000, 3).Distinct().Count() < 1000);
    }

    [Fact]
    public void TakeSampleIsRepeatableBySeedAndShuffled()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(Enumerable.Range(0, 1000), 4);
        Assert.Equal(rdd.TakeSample(false, 20, 7), rdd.TakeSample(false, 20, 7));
        Assert.Equal(rdd.TakeSample(true, 20, 7), rdd.TakeSample(true, 20, 7));
        Assert.NotEqual(rdd.TakeSample(false, 20, 7), rdd.TakeSample(false, 20, 8));
        // The sample is shuffled, not in partition order.
        var sample = rdd.TakeSample(false, 200, 7);
        Assert.NotEqual(sample.Order(), sample);
    }

    [Fact]
    public void TakeSampleOfMoreThanTheCountWithoutReplacementIsTheWholeRddShuffled()
    {
        using var sc = Local2();
        var data = Enumerable.Range(0, 50).ToArray();
        var rdd = sc.Parallelize(data, 7);
        foreach (var num in new[] { 50, 51, 1000 })
        {
            var all = rdd.TakeSample(false, num, 5);
            Assert.Equal(data, all.Order());
            Assert.NotEqual(data, all);
        }
    }

    [Fact]
    public void TakeSampleEdgeCases()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(Enumerable.Range(0, 10), 3);
        Assert.Empty(rdd.TakeSample(false, 0, 1));
        Assert.Empty(rdd.TakeSample(true, 0, 1));
        Assert.Empty(sc.Parallelize(Array.Empty<int>(), 3).TakeSample(false, 5, 1));
        Assert.Empty(sc.Parallelize(Array.Empty<int>(), 3).TakeSample(true, 5, 1));
        Assert.Empty(sc.EmptyRdd<int>().TakeSample(true, 5, 1));
        Assert.Equal(new[] { 42 }, sc.Parallelize(new[] { 42 }, 4).TakeSample(false, 3, 1));
        Assert.Equal(new[] { 42, 42, 42 }, sc.Parallelize(new[] { 42 }, 4).TakeSample(true, 3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => rdd.TakeSample(false, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => rdd.TakeSample(true, int.MaxValue, 1));
    }

    [Fact]
    public void SampleByKeyKeepsAboutTheFractionOfEachKey()
    {
        using var sc = Local2();
        var pairs = Enumerable.Range(0, 30_000).Select(i => ($"k{i % 3}", i)).ToArray();
        var fractions = new Dictionary<string, double> { ["k0"] = 0.0, ["k1"] = 0.1, ["k2"] = 1.0 };
        var rdd = sc.Parallelize(pairs, 4);

        var sample = rdd.SampleByKey(false, fractions, 17).Collect();
        Assert.Equal(sample, rdd.SampleByKey(false, fractions, 17).Collect());
        Assert.NotEqual(sample, rdd.SampleByKey(false, fractions, 18).Collect());
        var counts = sample.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Count());
        Assert.False(counts.ContainsKey("k0"));
        Assert.InRange(counts["k1"], 800, 1200); // 1000 expected, σ ≈ 30
        Assert.Equal(10_000, counts["k2"]);
        Assert.Equal(sample.Distinct().Count(), sample.Length);
        Assert.Subset(pairs.ToHashSet(), sample.ToHashSet());

        var withReplacement = rdd.SampleByKey(true, new Dictionary<string, double> { ["k0"] = 0.0, ["k1"] = 0.5, ["k2"] = 2.0 }, 17).Collect();
        var repeated = withReplacement.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Count());
        Assert.False(repeated.ContainsKey("k0"));
        Assert.InRange(repeated["k1"], 4500, 5500);
        Assert.InRange(repeated["k2"], 19_000, 21_000);
        Assert.True(withReplacement.Distinct().Count() < withReplacement.Length);
    }

    [Fact]
    public void SampleByKeyKeepsThePartitionerAndRejectsBadFractions()
    {
        using var sc = Local2();
        var partitioner = new HashPartitioner(3);
        var rdd = sc.Parallelize(Enumerable.Range(0, 100).Select(i => (i % 5, i)), 4).PartitionBy(partitioner);
        var all = Enumerable.Range(0, 5).ToDictionary(k => k, _ => 1.0);
        var sampled = rdd.SampleByKey(false, all, 1);
        Assert.Equal(partitioner, sampled.Partitioner);
        Assert.Equal(rdd.Collect(), sampled.Collect());
        Assert.Empty(sc.Parallelize(Array.Empty<(int, int)>(), 2).SampleByKey(true, all, 1).Collect());

        Assert.Throws<ArgumentOutOfRangeException>(() => rdd.SampleByKey(false, new Dictionary<int, double> { [0] = -0.1 }, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => rdd.SampleByKey(true, new Dictionary<int, double> { [0] = double.NaN }, 1));
        var missing = Assert.Throws<RddJobException>(() => rdd.SampleByKey(false, new Dictionary<int, double> { [0] = 0.5, [1] = 0.5 }, 1).Collect());
        Assert.Equal(typeof(KeyNotFoundException).FullName, missing.TaskExceptionType);
        Assert.Contains("no sampling fraction for key", missing.TaskExceptionMessage);
    }
}

/// <summary>Every test of <see cref="SamplingTests"/> with tasks run from their serialized binaries, as on a cluster executor.</summary>
public sealed class ShippedSamplingTests : SamplingTests
{
    protected override bool Shipped => true;
}
