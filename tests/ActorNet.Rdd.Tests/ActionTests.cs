namespace ActorNet.Rdd.Tests;

/// <summary>Every action in local[2] against LINQ on the same data.</summary>
public class ActionTests : RddTestsBase
{
    private readonly int[] _data = TestData.Numbers();

    [Fact]
    public void CollectCountFirstTake()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_data, 5);
        Assert.Equal(_data, rdd.Collect());
        Assert.Equal(_data.LongLength, rdd.Count());
        Assert.Equal(_data[0], rdd.First());
        Assert.Equal(_data.Take(37), rdd.Take(37));
        Assert.Equal(_data, rdd.Take(1000));
        Assert.Empty(rdd.Take(0));
        // Take scans past empty partitions.
        var sparse = sc.Parallelize(Enumerable.Range(0, 100), 10).Filter(x => x >= 95);
        Assert.Equal(new[] { 95, 96, 97 }, sparse.Take(3));
    }

    [Fact]
    public void EmptyRddsBehaveAsSparkSays()
    {
        using var sc = Local2();
        var empty = sc.Parallelize(Array.Empty<int>(), 3);
        Assert.True(empty.IsEmpty());
        Assert.True(sc.EmptyRdd<int>().IsEmpty());
        Assert.False(sc.Parallelize(_data, 3).IsEmpty());
        Assert.Equal(0, empty.Count());
        Assert.Equal("empty collection", Assert.Throws<InvalidOperationException>(() => empty.First()).Message);
        Assert.Throws<InvalidOperationException>(() => empty.Reduce((a, b) => a + b));
        Assert.Throws<InvalidOperationException>(() => empty.TreeReduce((a, b) => a + b));
        Assert.Equal(0, empty.Fold(0, (a, b) => a + b));
        Assert.Empty(sc.EmptyRdd<int>().Collect());
    }

    [Fact]
    public void OrderedTakes()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_data, 4);
        Assert.Equal(_data.Order().Take(7), rdd.TakeOrdered(7));
        Assert.Equal(_data.OrderDescending().Take(7), rdd.Top(7));
        Assert.Equal(_data.OrderDescending().Take(3), rdd.TakeOrdered(3, Comparer<int>.Create((a, b) => b.CompareTo(a))));
        Assert.Equal(_data.Max(), rdd.Max());
        Assert.Equal(_data.Min(), rdd.Min());
    }

    [Fact]
    public void ReduceFoldAggregate()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_data, 4);
        Assert.Equal(_data.Sum(), rdd.Reduce((a, b) => a + b));
        Assert.Equal(_data.Sum(), rdd.Fold(0, (a, b) => a + b));
        var (sum, count) = rdd.Aggregate((0L, 0), (acc, x) => (acc.Item1 + x, acc.Item2 + 1), (a, b) => (a.Item1 + b.Item1, a.Item2 + b.Item2));
        Assert.Equal(_data.Sum(), sum);
        Assert.Equal(_data.Length, count);
    }

    [Fact]
    public void FoldAndAggregateStartEachPartitionFromItsOwnZeroCopy()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(Enumerable.Range(0, 40).Select(i => new[] { 1.0, i }), 4);
        var zero = new double[2];
        double[] Add(double[] acc, double[] x)
        {
            acc[0] += x[0];
            acc[1] += x[1];
            return acc;
        }
        var total = rdd.Aggregate(zero, Add, Add);
        Assert.Equal(new[] { 40.0, Enumerable.Range(0, 40).Sum() }, total);
        Assert.Equal(new double[2], zero);
        var tree = rdd.TreeAggregate(new double[2], Add, Add, depth: 3);
        Assert.Equal(total, tree);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TreeAggregateAndTreeReduceMatchAggregate(int depth)
    {
        using var sc = Local2();
        var data = TestData.Numbers(1000);
        var rdd = sc.Parallelize(data, 20);
        Assert.Equal(data.Sum(x => (long)x), rdd.TreeAggregate(0L, (acc, x) => acc + x, (a, b) => a + b, depth));
        Assert.Equal(data.Max(), rdd.TreeReduce(Math.Max, depth));
        Assert.Throws<ArgumentOutOfRangeException>(() => rdd.TreeAggregate(0L, (acc, x) => acc + x, (a, b) => a + b, 0));
    }

    [Fact]
    public void ForeachAndForeachPartitionRunOnEveryElement()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_data, 4);
        var sum = sc.LongAccumulator("sum");
        rdd.Foreach(x => sum.Add(x));
        Assert.Equal(_data.Sum(), sum.Value);
        var sizes = sc.CollectionAccumulator<int>("sizes");
        rdd.ForeachPartition(items => sizes.Add(items.Count()));
        Assert.Equal(new[] { 25, 25, 25, 25 }, sizes.Value);
    }

    [Fact]
    public void CountByValueMatchesGroupBy()
    {
        using var sc = Local2();
        var counts = sc.Parallelize(_data, 4).CountByValue();
        Assert.Equal(_data.GroupBy(x => x).ToDictionary(g => g.Key, g => (long)g.Count()), counts);
    }

    [Fact]
    public void ToLocalIteratorYieldsInOrderPartitionByPartition()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_data, 5);
        Assert.Equal(_data, rdd.ToLocalIterator().ToArray());
        Assert.Equal(_data.Take(3), rdd.ToLocalIterator().Take(3));
    }

    [Fact]
    public void SaveAsTextFileWritesOnePartPerPartitionAndReadsBack()
    {
        using var sc = Local2();
        var dir = Path.Combine(TestData.TempDir(), "out");
        sc.Parallelize(_data, 3).SaveAsTextFile(dir);
        Assert.Equal(new[] { "_SUCCESS", "part-00000", "part-00001", "part-00002" }, Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        Assert.Equal(_data.Take(33).Select(x => x.ToString()), File.ReadAllLines(Path.Combine(dir, "part-00000")));
        Assert.Equal(_data, sc.TextFile(dir).Map(int.Parse).Collect());
        Assert.Throws<IOException>(() => sc.Parallelize(_data, 3).SaveAsTextFile(dir));
    }
}

/// <summary>Every test of <see cref="ActionTests"/> with tasks run from their serialized binaries, as on a cluster executor.</summary>
public sealed class ShippedActionTests : ActionTests
{
    protected override bool Shipped => true;
}
