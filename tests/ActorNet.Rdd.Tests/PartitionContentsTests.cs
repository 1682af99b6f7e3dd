namespace ActorNet.Rdd.Tests;

/// <summary>Which elements land in which partition, as Spark defines it.</summary>
public class PartitionContentsTests : RddTestsBase
{
    [Fact]
    public void ParallelizeSliceIHoldsIthTimesNOverKToNext()
    {
        using var sc = Local2();
        var slices = sc.Parallelize(Enumerable.Range(0, 10), 3).Glom().Collect();
        Assert.Equal(new[] { new[] { 0, 1, 2 }, [3, 4, 5], [6, 7, 8, 9] }, slices);
        var seven = sc.Parallelize(Enumerable.Range(0, 7), 4).Glom().Collect();
        // Bounds 0, 7/4=1, 14/4=3, 21/4=5, 7.
        Assert.Equal(new[] { new[] { 0 }, [1, 2], [3, 4], [5, 6] }, seven);
        var moreSlicesThanElements = sc.Parallelize(new[] { 'a', 'b' }, 4).Glom().Collect();
        Assert.Equal(new[] { Array.Empty<char>(), ['a'], [], ['b'] }, moreSlicesThanElements);
    }

    [Fact]
    public void RangeSlicesLikeParallelize()
    {
        using var sc = Local2();
        Assert.Equal(new[] { new[] { 0L, 1, 2 }, [3, 4, 5], [6, 7, 8, 9] }, sc.Range(0, 10, 1, 3).Glom().Collect());
        Assert.Equal(new[] { 10L, 7, 4, 1 }, sc.Range(10, 0, -3, 2).Collect());
        Assert.Equal(new[] { 0L, 5 }, sc.Range(0, 10, 5, 1).Collect());
        Assert.Empty(sc.Range(5, 5).Collect());
    }

    [Fact]
    public void CoalesceGroupsContiguousParentRanges()
    {
        using var sc = Local2();
        var parent = sc.Parallelize(Enumerable.Range(0, 8), 8);
        // Group i takes parents [i·8/3, (i+1)·8/3) = [0,2), [2,5), [5,8).
        Assert.Equal(new[] { new[] { 0, 1 }, [2, 3, 4], [5, 6, 7] }, parent.Coalesce(3).Glom().Collect());
        Assert.Equal(new[] { Enumerable.Range(0, 8).ToArray() }, parent.Coalesce(1).Glom().Collect());
    }

    [Fact]
    public void RepartitionDealsEachPartitionRoundRobinFromASeededStart()
    {
        using var sc = Local2();
        const int n = 5;
        var parent = sc.Parallelize(Enumerable.Range(0, 100), 4);
        var actual = parent.Repartition(n).Glom().Collect();

        var expected = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        foreach (var (p, items) in parent.Glom().Collect().Select((items, p) => (p, items)))
        {
            var position = new XorShiftRandom(p).NextInt(n);
            foreach (var item in items) expected[++position % n].Add(item);
        }
        Assert.Equal(expected.Select(e => e.ToArray()), actual);
        // Round-robin dealing keeps the partitions balanced.
        Assert.All(actual, part => Assert.InRange(part.Length, 20 - 4, 20 + 4));
    }

    [Fact]
    public void ZipWithIndexNumbersAcrossPartitionsInOrder()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(new[] { "a", "b", "c", "d", "e", "f", "g" }, 3);
        var parts = rdd.ZipWithIndex().Glom().Collect();
        Assert.Equal(new[] { new[] { ("a", 0L), ("b", 1L) }, [("c", 2L), ("d", 3L)], [("e", 4L), ("f", 5L), ("g", 6L)] }, parts);
    }

    [Fact]
    public void GlomGivesOneArrayPerPartitionIncludingEmptyOnes()
    {
        using var sc = Local2();
        var glommed = sc.Parallelize(Enumerable.Range(1, 6), 3).Filter(x => x > 2).Glom().Collect();
        Assert.Equal(new[] { Array.Empty<int>(), [3, 4], [5, 6] }, glommed);
    }
}

/// <summary>Every test of <see cref="PartitionContentsTests"/> with tasks run from their serialized binaries, as on a cluster executor.</summary>
public sealed class ShippedPartitionContentsTests : PartitionContentsTests
{
    protected override bool Shipped => true;
}
