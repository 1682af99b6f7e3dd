namespace ActorNet.Rdd.Tests;

/// <summary>Pair operations in local[2] against LINQ on the same data.</summary>
public class PairTests : RddTestsBase
{
    private readonly (string, int)[] _pairs = TestData.Pairs();
    private readonly (string, int)[] _others = TestData.Pairs(80, keys: 20, seed: 5);

    private static Dictionary<string, T> ByKey<T>(IEnumerable<(string, T)> pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public void ValueAndKeyProjections()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_pairs, 3);
        Assert.Equal(_pairs.Select(p => (p.Item1, p.Item2 * 2)), rdd.MapValues(v => v * 2).Collect());
        Assert.Equal(_pairs.SelectMany(p => new[] { (p.Item1, p.Item2), (p.Item1, -p.Item2) }), rdd.FlatMapValues(v => new[] { v, -v }).Collect());
        Assert.Equal(_pairs.Select(p => p.Item1), rdd.Keys().Collect());
        Assert.Equal(_pairs.Select(p => p.Item2), rdd.Values().Collect());
    }

    [Fact]
    public void PerKeyAggregations()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_pairs, 3);
        var sums = _pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Sum(p => p.Item2));
        Assert.Equal(sums, ByKey(rdd.ReduceByKey((a, b) => a + b).Collect()));
        Assert.Equal(sums, ByKey(rdd.ReduceByKey((a, b) => a + b, 5).Collect()));
        Assert.Equal(5, rdd.ReduceByKey((a, b) => a + b, 5).NumPartitions);
        Assert.Equal(sums, ByKey(rdd.FoldByKey(0, (a, b) => a + b).Collect()));
        Assert.Equal(sums, ByKey(rdd.AggregateByKey(0L, (acc, v) => acc + v, (a, b) => a + b).Collect()).ToDictionary(kv => kv.Key, kv => (int)kv.Value));
        Assert.Equal(sums, ByKey(rdd.CombineByKey(v => (long)v, (c, v) => c + v, (a, b) => a + b).Collect()).ToDictionary(kv => kv.Key, kv => (int)kv.Value));
        var groups = ByKey(rdd.GroupByKey().Collect());
        Assert.Equal(_pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Select(p => p.Item2).Order().ToArray()),
            groups.ToDictionary(kv => kv.Key, kv => kv.Value.Order().ToArray()));
        Assert.Equal(_pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => (long)g.Count()), rdd.CountByKey());
    }

    [Fact]
    public void AggregateByKeyGivesEachKeyItsOwnZeroCopy()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_pairs, 3);
        var lists = rdd.AggregateByKey(new List<int>(), (l, v) => { l.Add(v); return l; }, (a, b) => { a.AddRange(b); return a; }).Collect();
        Assert.Equal(_pairs.Length, lists.Sum(kv => kv.Item2.Count));
    }

    [Fact]
    public void Joins()
    {
        using var sc = Local2();
        var left = sc.Parallelize(_pairs, 3);
        var right = sc.Parallelize(_others, 2);
        var inner = from l in _pairs join r in _others on l.Item1 equals r.Item1 select (l.Item1, (l.Item2, r.Item2));
        Assert.Equal(inner.Order(), left.Join(right).Collect().Order());
        Assert.Equal(inner.Order(), left.Join(right, 4).Collect().Order());

        var leftOuter = _pairs.SelectMany(l =>
        {
            var matches = _others.Where(r => r.Item1 == l.Item1).ToArray();
            return matches.Length == 0 ? [(l.Item1, (l.Item2, Option<int>.None))] : matches.Select(r => (l.Item1, (l.Item2, Option<int>.Some(r.Item2))));
        });
        Assert.Equal(leftOuter.Order(), left.LeftOuterJoin(right).Collect().Order());

        var rightOuter = _others.SelectMany(r =>
        {
            var matches = _pairs.Where(l => l.Item1 == r.Item1).ToArray();
            return matches.Length == 0 ? [(r.Item1, (Option<int>.None, r.Item2))] : matches.Select(l => (r.Item1, (Option<int>.Some(l.Item2), r.Item2)));
        });
        Assert.Equal(rightOuter.Order(), left.RightOuterJoin(right).Collect().Order());

        var full = left.FullOuterJoin(right).Collect();
        var keys = _pairs.Select(p => p.Item1).Union(_others.Select(p => p.Item1)).ToHashSet();
        Assert.Equal(keys.Order(), full.Select(f => f.Item1).Distinct().Order());
        var onlyRight = _others.Where(r => _pairs.All(l => l.Item1 != r.Item1)).Select(r => (r.Item1, (Option<int>.None, Option<int>.Some(r.Item2))));
        Assert.Equal(onlyRight.Order(), full.Where(f => !f.Item2.Item1.HasValue).Order());
        Assert.Equal(inner.Count() + leftOuter.Count(x => !x.Item2.Item2.HasValue) + onlyRight.Count(), full.Length);
    }

    [Fact]
    public void CoGroupGathersBothSides()
    {
        using var sc = Local2();
        var groups = sc.Parallelize(_pairs, 3).CoGroup(sc.Parallelize(_others, 2)).Collect();
        foreach (var (key, (l, r)) in groups)
        {
            Assert.Equal(_pairs.Where(p => p.Item1 == key).Select(p => p.Item2).Order(), l.Order());
            Assert.Equal(_others.Where(p => p.Item1 == key).Select(p => p.Item2).Order(), r.Order());
        }
        Assert.Equal(_pairs.Select(p => p.Item1).Union(_others.Select(p => p.Item1)).Count(), groups.Length);
    }

    [Fact]
    public void CoPartitionedJoinNeedsNoNewShuffle()
    {
        using var sc = Local2();
        var partitioner = new HashPartitioner(4);
        var left = sc.Parallelize(_pairs, 3).PartitionBy(partitioner);
        var right = sc.Parallelize(_others, 2).PartitionBy(partitioner);
        var joined = left.Join(right);
        Assert.Equal(partitioner, joined.Partitioner);
        Assert.DoesNotContain("+-(4) ShuffledRdd", joined.ToDebugString().Split('\n')[1]);
        var inner = from l in _pairs join r in _others on l.Item1 equals r.Item1 select (l.Item1, (l.Item2, r.Item2));
        Assert.Equal(inner.Order(), joined.Collect().Order());
    }

    [Fact]
    public void SortByKeyAndPartitionByAndLookUp()
    {
        using var sc = Local2();
        var rdd = sc.Parallelize(_pairs, 3);
        var sorted = rdd.SortByKey().Collect();
        Assert.Equal(_pairs.Select(p => p.Item1).Order(StringComparer.Ordinal), sorted.Select(p => p.Item1), StringComparer.Ordinal);
        Assert.Equal(_pairs.Select(p => p.Item1).OrderDescending(StringComparer.Ordinal), rdd.SortByKey(ascending: false).Keys().Collect());
        var byHash = rdd.PartitionBy(new HashPartitioner(4));
        Assert.Same(byHash, byHash.PartitionBy(new HashPartitioner(4)));
        var glommed = byHash.Glom().Collect();
        for (var p = 0; p < 4; p++)
            Assert.All(glommed[p], kv => Assert.Equal(p, new HashPartitioner(4).GetPartition(kv.Item1)));
        Assert.Equal(_pairs.Where(p => p.Item1 == "k3").Select(p => p.Item2).Order(), byHash.LookUp("k3").Order());
        Assert.Equal(_pairs.Where(p => p.Item1 == "k3").Select(p => p.Item2).Order(), rdd.LookUp("k3").Order());
        Assert.Empty(rdd.LookUp("absent"));
        Assert.Equal(ByKey(_pairs.GroupBy(p => p.Item1).Select(g => (g.Key, g.Last().Item2))), rdd.CollectAsMap());
    }
}

/// <summary>Every test of <see cref="PairTests"/> with tasks run from their serialized binaries, as on a cluster executor.</summary>
public sealed class ShippedPairTests : PairTests
{
    protected override bool Shipped => true;
}
