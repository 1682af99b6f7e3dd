using System.Text.RegularExpressions;

namespace ActorNet.Rdd.Tests;

/// <summary>ToDebugString prints the lineage as Spark's toDebugString does.</summary>
public class LineageTests
{
    // Call sites depend on inlining; compare everything else exactly.
    private static string[] Lines(string lineage) =>
        [.. lineage.Split('\n').Select(l => Regex.Replace(l, @" at \w+ at [\w.<>`]+ \[", " at SITE ["))];

    [Fact]
    public void NarrowChainsUseBarsAndShufflesIndentWithPlusDash()
    {
        using var sc = TestData.Local2();
        var rdd = sc.Parallelize(Enumerable.Range(0, 10), 2).Map(x => (x % 3, x)).ReduceByKey((a, b) => a + b, 3);
        Assert.Equal(new[]
        {
            "(3) ShuffledRdd[2] at SITE []",
            " +-(2) MapPartitionsRdd[1] at SITE []",
            "    |  ParallelCollectionRdd[0] at SITE []",
        }, Lines(rdd.ToDebugString()));
        Assert.Equal("(3) ShuffledRdd[2] at ReduceByKey at LineageTests.NarrowChainsUseBarsAndShufflesIndentWithPlusDash []", rdd.ToDebugString().Split('\n')[0]);
    }

    [Fact]
    public void MultipleParentsAndCachedPartitionsAreShown()
    {
        using var sc = TestData.Local2();
        var a = sc.Parallelize(Enumerable.Range(0, 10), 2).SetName("numbers").Cache();
        a.Count();
        var joined = a.Map(x => (x, 1)).Join(sc.Parallelize(new[] { (1, "one") }, 1));
        Assert.Equal(new[]
        {
            "(2) MapPartitionsRdd[4] at SITE []",
            " |  CoGroupedRdd[3] at SITE []",
            " +-(2) MapPartitionsRdd[1] at SITE []",
            " |  |  numbers ParallelCollectionRdd[0] at SITE [Memory Deserialized 1x Replicated]",
            " |  |      CachedPartitions: 2; MemorySize: 88.0 B; DiskSize: 0.0 B",
            " +-(1) ParallelCollectionRdd[2] at SITE []",
        }, Lines(joined.ToDebugString()));
    }
}
