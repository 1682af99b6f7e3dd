namespace ActorNet.Rdd.Tests;

/// <summary>Every transformation in local[2] against LINQ on the same data.</summary>
public class TransformationTests : RddTestsBase
{
    private readonly int[] _data = TestData.Numbers();

    [Fact]
    public void MapFilterFlatMapMatchLinq()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_data, 3);
        Assert.Equal(_data.Select(x => x * 2 + 1), rdd.Map(x => x * 2 + 1).Collect());
        Assert.Equal(_data.Where(x => x % 3 == 0), rdd.Filter(x => x % 3 == 0).Collect());
        Assert.Equal(_data.SelectMany(x => Enumerable.Repeat(x, Math.Abs(x) % 3)), rdd.FlatMap(x => Enumerable.Repeat(x, Math.Abs(x) % 3)).Collect());
        Assert.Equal(_data.Select(x => x.ToString()), rdd.Map(x => x.ToString()).Collect());
    }

    [Fact]
    public void MapPartitionsSeesWholePartitions()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_data, 4);
        var sums = rdd.MapPartitions(items => new[] { items.Sum() }).Collect();
        Assert.Equal(_data.Chunk(25).Select(c => c.Sum()), sums);
        var tagged = rdd.MapPartitionsWithIndex((i, items) => items.Select(x => (i, x))).Collect();
        Assert.Equal(_data.Select((x, j) => (j / 25, x)), tagged);
    }

    [Fact]
    public void UnionConcatenatesPartitions()
    {
        using var sc = Local2();
        var a = sc.Parallelize(_data, 3);
        var b = sc.Parallelize(new[] { 1000, 2000 }, 2);
        var u = a.Union(b);
        Assert.Equal(5, u.NumPartitions);
        Assert.Equal(_data.Concat([1000, 2000]), u.Collect());
        Assert.Equal(_data.Concat(_data).Concat(_data), sc.Union(a, a, a).Collect());
    }

    [Fact]
    public void ZipPairsPositionallyAndRejectsMismatches()
    {
        using var sc = Local2();
        var a = sc.Parallelize(_data, 4);
        var b = a.Map(x => x * 10);
        Assert.Equal(_data.Zip(_data.Select(x => x * 10)), a.Zip(b).Collect());
        Assert.Equal(_data.Zip(_data, (x, y) => x + y), a.ZipPartitions(a, (xs, ys) => xs.Zip(ys, (x, y) => x + y)).Collect());
        var uneven = sc.Parallelize(Enumerable.Range(0, 100), 4).Filter(x => x % 7 != 0);
        var e = Assert.Throws<RddJobException>(() => a.Zip(uneven).Collect());
        Assert.Contains("same number of elements", e.Message);
        Assert.Throws<ArgumentException>(() => a.Zip(sc.Parallelize(_data, 3)).Collect());
    }

    [Fact]
    public void ZipWithIndexAndUniqueId()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_data, 3);
        Assert.Equal(_data.Select((x, i) => (x, (long)i)), rdd.ZipWithIndex().Collect());
        var ids = rdd.ZipWithUniqueId().Collect();
        Assert.Equal(_data, ids.Select(p => p.Item1));
        Assert.Equal(ids.Length, ids.Select(p => p.Item2).Distinct().Count());
        // Partition p's k-th element gets k·n + p: partition 1 starts at element 33.
        Assert.Equal(1L, ids[33].Item2);
        Assert.Equal(4L, ids[34].Item2);
    }

    [Fact]
    public void DistinctIntersectionSubtractMatchSetOperations()
    {
        using var sc = Local2();
        var a = sc.Parallelize(_data, 3);
        var other = TestData.Numbers(60, seed: 11);
        var b = sc.Parallelize(other, 2);
        Assert.Equal(_data.Distinct().Sorted(), a.Distinct().Collect().Sorted());
        Assert.Equal(4, a.Distinct(4).NumPartitions);
        Assert.Equal(_data.Intersect(other).Sorted(), a.Intersection(b).Collect().Sorted());
        Assert.Equal(_data.Where(x => !other.Contains(x)).Sorted(), a.Subtract(b).Collect().Sorted());
        var words = sc.Parallelize(new[] { "a", null, "b", "a", null }, 2);
        Assert.Equal(new[] { null, "a", "b" }, words.Distinct().Collect().Order());
    }

    [Fact]
    public void SampleIsASubsetAndRepeatableBySeed()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(Enumerable.Range(0, 10_000), 4);
        var s1 = rdd.Sample(false, 0.1, 42).Collect();
        var s2 = rdd.Sample(false, 0.1, 42).Collect();
        Assert.Equal(s1, s2);
        Assert.InRange(s1.Length, 800, 1200);
        Assert.Equal(s1.Length, s1.Distinct().Count());
        Assert.NotEqual(s1, rdd.Sample(false, 0.1, 43).Collect());
        var withReplacement = rdd.Sample(true, 2.0, 1).Collect();
        Assert.InRange(withReplacement.Length, 18_000, 22_000);
        Assert.All(withReplacement, x => Assert.InRange(x, 0, 9_999));
        Assert.Throws<ArgumentOutOfRangeException>(() => rdd.Sample(false, 1.5, 1));
    }

    [Fact]
    public void RandomSplitPartitionsTheData()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(Enumerable.Range(0, 5_000), 3);
        var parts = rdd.RandomSplit([1, 2, 7], 9);
        var collected = parts.Select(p => p.Collect()).ToArray();
        Assert.Equal(Enumerable.Range(0, 5_000), collected.SelectMany(c => c).Order());
        Assert.InRange(collected[2].Length, 3_200, 3_800);
    }

    [Fact]
    public void SortByAndKeyByAndCartesian()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_data, 3);
        Assert.Equal(_data.Order(), rdd.SortBy(x => x).Collect());
        Assert.Equal(_data.OrderByDescending(x => x), rdd.SortBy(x => x, ascending: false).Collect());
        var words = sc.Parallelize(new[] { "pear", "fig", "banana", "kiwi", "apple" }, 2);
        Assert.Equal(new[] { "fig", "kiwi", "pear", "apple", "banana" }, words.SortBy(w => (w.Length, w), true, 3).Collect());
        Assert.Equal(_data.Select(x => (x % 5, x)), rdd.KeyBy(x => x % 5).Collect());
        var small = sc.Parallelize(new[] { 1, 2, 3 }, 2);
        var chars = sc.Parallelize(new[] { 'a', 'b' }, 2);
        var product = small.Cartesian(chars);
        Assert.Equal(4, product.NumPartitions);
        Assert.Equal(new[] { 1, 2, 3 }.SelectMany(i => new[] { 'a', 'b' }.Select(c => (i, c))).Order(), product.Collect().Order());
    }

    [Fact]
    public void RepartitionAndCoalesceKeepEveryElement()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_data, 6);
        Assert.Equal(_data.Sorted(), rdd.Repartition(4).Collect().Sorted());
        Assert.Equal(4, rdd.Repartition(4).NumPartitions);
        Assert.Equal(10, rdd.Repartition(10).NumPartitions);
        Assert.Equal(_data, rdd.Coalesce(4).Collect());
        Assert.Equal(6, rdd.Coalesce(10).NumPartitions);
        Assert.Equal(10, rdd.Coalesce(10, shuffle: true).NumPartitions);
    }
}

/// <summary>Every test of <see cref="TransformationTests"/> with tasks run from their serialized binaries, as on a cluster executor.</summary>
public sealed class ShippedTransformationTests : TransformationTests
{
    protected override bool Shipped => true;
}
