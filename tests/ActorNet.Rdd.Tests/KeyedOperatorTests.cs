namespace ActorNet.Rdd.Tests;

/// <summary>GroupBy, SubtractByKey and RepartitionAndSortWithinPartitions in local[2] against LINQ.</summary>
public class KeyedOperatorTests : RddTestsBase
{
    private static Dictionary<K, int[]> Sorted<K>(IEnumerable<(K, int[])> groups) where K : notnull =>
        groups.ToDictionary(g => g.Item1, g => g.Item2.Order().ToArray());

    [Fact]
    public void GroupByGroupsElementsByTheirComputedKey()
    {
        using var sc = Local2();
        var data = TestData.Numbers(500);
        var rdd = sc.Parallelize(data, 5);
        var expected = data.GroupBy(x => Math.Abs(x) % 7).ToDictionary(g => g.Key, g => g.Order().ToArray());

        var grouped = rdd.GroupBy(x => Math.Abs(x) % 7);
        Assert.Equal(5, grouped.NumPartitions);
        Assert.Equal(expected, Sorted(grouped.Collect()));
        var intoThree = rdd.GroupBy(x => Math.Abs(x) % 7, 3);
        Assert.Equal(new HashPartitioner(3), intoThree.Partitioner);
        Assert.Equal(expected, Sorted(intoThree.Collect()));
        Assert.Equal(expected, Sorted(rdd.GroupBy(x => Math.Abs(x) % 7, new HashPartitioner(2)).Collect()));

        // Every element of a key is in one group (no key appears twice), string keys and a null key included.
        var words = sc.Parallelize(new[] { "apple", "avocado", "banana", "", "blueberry", "cherry" }, 4);
        var byInitial = words.GroupBy(w => w.Length == 0 ? null : w[..1]).Collect();
        Assert.Equal(4, byInitial.Length);
        Assert.Equal(new[] { "apple", "avocado" }, byInitial.Single(g => g.Item1 == "a").Item2.Order());
        Assert.Equal(new[] { "" }, byInitial.Single(g => g.Item1 is null).Item2);

        Assert.Empty(sc.Parallelize(Array.Empty<int>(), 3).GroupBy(x => x).Collect());
        Assert.Empty(sc.EmptyRdd<int>().GroupBy(x => x, 2).Collect());
    }

    [Fact]
    public void SubtractByKeyDropsEveryPairWhoseKeyIsInTheOther()
    {
        using var sc = Local2();
        var pairs = TestData.Pairs(300, keys: 20);
        var others = TestData.Pairs(30, keys: 40, seed: 9).Select(p => (p.Item1, p.Item2 * 1.5)).ToArray();
        var removed = others.Select(o => o.Item1).ToHashSet();
        var expected = pairs.Where(p => !removed.Contains(p.Item1)).Order().ToArray();
        Assert.NotEmpty(expected);
        Assert.NotEqual(pairs.Length, expected.Length);

        var left = sc.Parallelize(pairs, 4);
        var right = sc.Parallelize(others, 3);
        var result = left.SubtractByKey(right);
        Assert.Equal(4, result.NumPartitions);
        Assert.Equal(expected, result.Collect().Order());
        var intoTwo = left.SubtractByKey(right, 2);
        Assert.Equal(new HashPartitioner(2), intoTwo.Partitioner);
        Assert.Equal(expected, intoTwo.Collect().Order());

        // A partitioned left side keeps its partitioner (no shuffle of the left side).
        var partitioner = new HashPartitioner(3);
        var partitioned = left.PartitionBy(partitioner);
        Assert.Equal(partitioner, partitioned.SubtractByKey(right).Partitioner);
        Assert.Equal(expected, partitioned.SubtractByKey(right).Collect().Order());

        // Empty sides: nothing to remove keeps everything; an empty left gives nothing.
        Assert.Equal(pairs.Order(), left.SubtractByKey(sc.Parallelize(Array.Empty<(string, double)>(), 2)).Collect().Order());
        Assert.Equal(pairs.Order(), left.SubtractByKey(sc.EmptyRdd<(string, double)>()).Collect().Order());
        Assert.Empty(sc.Parallelize(Array.Empty<(string, int)>(), 2).SubtractByKey(right).Collect());
        Assert.Empty(left.SubtractByKey(left).Collect());
    }

    [Fact]
    public void RepartitionAndSortWithinPartitionsSortsEachPartitionOfThePartitioner()
    {
        using var sc = Local2();
        var pairs = TestData.Pairs(400, keys: 50);
        var partitioner = new HashPartitioner(4);
        var rdd = sc.Parallelize(pairs, 5).RepartitionAndSortWithinPartitions(partitioner);
        Assert.Equal(partitioner, rdd.Partitioner);
        var parts = rdd.Glom().Collect();
        Assert.Equal(4, parts.Length);
        for (var p = 0; p < parts.Length; p++)
        {
            Assert.All(parts[p], kv => Assert.Equal(p, partitioner.GetPartition(kv.Item1)));
            Assert.Equal(parts[p].Select(kv => kv.Item1).Order(StringComparer.Ordinal), parts[p].Select(kv => kv.Item1), StringComparer.Ordinal);
        }
        Assert.Equal(pairs.Order(), parts.SelectMany(p => p).Order());

        // A range partitioner makes the whole RDD sorted, as SortByKey.
        var numbers = sc.Parallelize(TestData.Numbers(300).Select(x => (x, -x)), 3);
        var ranged = numbers.RepartitionAndSortWithinPartitions(new RangePartitioner<int, int>(3, numbers));
        Assert.Equal(TestData.Numbers(300).Order(), ranged.Keys().Collect());

        // It shuffles even when already so partitioned, and an empty input gives empty sorted partitions.
        var already = sc.Parallelize(pairs, 5).PartitionBy(partitioner);
        Assert.Contains("ShuffledRdd", already.RepartitionAndSortWithinPartitions(partitioner).ToDebugString().Split('\n')[0]);
        Assert.All(already.RepartitionAndSortWithinPartitions(partitioner).Glom().Collect(),
            part => Assert.Equal(part.Select(kv => kv.Item1).Order(StringComparer.Ordinal), part.Select(kv => kv.Item1)));
        var empty = sc.Parallelize(Array.Empty<(int, int)>(), 2).RepartitionAndSortWithinPartitions(new HashPartitioner(3)).Glom().Collect();
        Assert.Equal(3, empty.Length);
        Assert.All(empty, part => Assert.Empty(part));
    }
}

/// <summary>Every test of <see cref="KeyedOperatorTests"/> with tasks run from their serialized binaries, as on a cluster executor.</summary>
public sealed class ShippedKeyedOperatorTests : KeyedOperatorTests
{
    protected override bool Shipped => true;
}
