using System.Runtime.CompilerServices;

namespace ActorNet.Rdd.Tests;

/// <summary>Spark's ContextCleaner for shuffles: the files of a shuffle no RDD can read any more are deleted; a live one's stay.</summary>
public sealed class ShuffleCleanerTests
{
    [Fact]
    public void A_shuffle_whose_rdds_are_gone_is_deleted_and_one_still_held_is_kept()
    {
        using var sc = new ClusterContext("local[2]", "cleaner");
        var shuffleFolder = Path.Combine(Directory.GetDirectories(Path.GetTempPath(), $"actornet-{sc.AppId}").Single(), "shuffle");
        RunAndDropAShuffle(sc);
        var mapped = sc.LongAccumulator();
        var kept = sc.Parallelize(Enumerable.Range(0, 100), 4).Map(x => { mapped.Add(1); return (x % 7, x); }).ReduceByKey((a, b) => a + b);
        var expected = kept.Collect().Order().ToArray();
        var before = Directory.GetFiles(shuffleFolder);
        Assert.Contains(before, f => Path.GetFileName(f).StartsWith("shuffle_0_", StringComparison.Ordinal));
        Assert.Contains(before, f => Path.GetFileName(f).StartsWith("shuffle_1_", StringComparison.Ordinal));

        // The scheduler's threads let go of the last job's objects once they handle the next one (a long driver keeps
        // running jobs); then a collection frees the dropped shuffle's dependency.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var cleaned = 0;
        while (cleaned == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the dropped shuffle's dependency stayed reachable");
            Assert.Equal(1, sc.Parallelize(new[] { 1 }, 1).Count());
            GC.Collect();
            GC.WaitForPendingFinalizers();
            cleaned = sc.ShuffleCleaner.Check();
        }
        Assert.Equal(1, cleaned);

        var after = Directory.GetFiles(shuffleFolder).Select(Path.GetFileName).ToArray();
        Assert.DoesNotContain(after, f => f!.StartsWith("shuffle_0_", StringComparison.Ordinal));
        Assert.Contains(after, f => f!.StartsWith("shuffle_1_", StringComparison.Ordinal));
        // The live shuffle's outputs are still used: the map stage does not run again.
        Assert.Equal(expected, kept.Collect().Order());
        Assert.Equal(100, mapped.Value);
    }

    // In its own frame so that nothing of the RDD stays reachable from the test once it returns.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunAndDropAShuffle(ClusterContext sc) =>
        Assert.Equal(5, sc.Parallelize(Enumerable.Range(0, 100), 4).Map(x => (x % 5, x)).ReduceByKey((a, b) => a + b).Collect().Length);
}
