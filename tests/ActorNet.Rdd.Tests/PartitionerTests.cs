namespace ActorNet.Rdd.Tests;

public class PartitionerTests
{
    [Fact]
    public void HashPartitionerUsesJvmHashCodesSoPartitionsMatchSpark()
    {
        var p = new HashPartitioner(7);
        // "a".hashCode = 97, "ab".hashCode = 97·31 + 98 = 3105; Integer.hashCode(-3) = -3 → nonNegativeMod = 4.
        Assert.Equal(97 % 7, p.GetPartition("a"));
        Assert.Equal(3105 % 7, p.GetPartition("ab"));
        Assert.Equal(4, p.GetPartition(-3));
        Assert.Equal(0, p.GetPartition(null));
        Assert.Equal(p.GetPartition(5L), p.GetPartition(5));
        Assert.Equal(new HashPartitioner(7), p);
        Assert.NotEqual(new HashPartitioner(8), p);
    }

    [Fact]
    public void RangePartitionerKeepsRangesOrderedAndBalanced()
    {
        using var sc = TestData.Local2();
        var rng = new Random(1);
        var pairs = sc.Parallelize(Enumerable.Range(0, 10_000).Select(_ => (rng.Next(1_000_000), 0)).ToArray(), 6);
        var partitioner = new RangePartitioner<int, int>(4, pairs);
        Assert.Equal(4, partitioner.NumPartitions);
        var parts = pairs.PartitionBy(partitioner).Keys().Glom().Collect();
        for (var i = 1; i < parts.Length; i++) Assert.True(parts[i - 1].Max() < parts[i].Min());
        Assert.All(parts, part => Assert.InRange(part.Length, 1500, 3500));
        var descending = new RangePartitioner<int, int>(4, pairs, ascending: false);
        Assert.Equal(3, descending.GetPartition(-1));
    }

    [Fact]
    public void RangePartitionerOnFewKeysMakesFewerPartitions()
    {
        using var sc = TestData.Local2();
        var pairs = sc.Parallelize(Enumerable.Repeat(("same", 1), 100).ToArray(), 3);
        // As in Spark: one bound (the only key), so two ranges, everything in the first.
        var single = new RangePartitioner<string, int>(5, pairs);
        Assert.Equal(2, single.NumPartitions);
        Assert.Equal(new[] { "same" }, single.Bounds);
        Assert.Equal(3, new RangePartitioner<int, int>(5, sc.Parallelize(new[] { (1, 0), (2, 0), (3, 0) }, 2)).NumPartitions);
        Assert.Equal(1, new RangePartitioner<string, int>(5, sc.Parallelize(Array.Empty<(string, int)>(), 2)).NumPartitions);
    }
}
