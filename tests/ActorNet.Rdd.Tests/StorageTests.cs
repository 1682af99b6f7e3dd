using ActorNet.Rdd.Storage;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Tests;

/// <summary>Persistence levels, eviction under memory pressure, recomputation from lineage, checkpoints.</summary>
public class StorageTests : RddTestsBase
{
    // Two partitions of 1,000 longs take 2 × 8,024 bytes: one RDD fits, two do not.
    private static ClusterContext SmallMemory() => new("local[2]", "tests", new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["actornet:rdd:storage:memory-capacity"] = "20000" }).Build());

    private static Rdd<long> Counted(ClusterContext sc, LongAccumulator computed, long offset = 0) =>
        sc.Parallelize(Enumerable.Range(0, 2000).Select(i => i + offset), 2).Map(x =>
        {
            computed.Add(1);
            return x;
        });

    [Fact]
    public void CachedPartitionsAreNotRecomputed()
    {
        using var sc = Local2();
        var computed = sc.LongAccumulator();
        var rdd = Counted(sc, computed).Cache();
        Assert.Equal(2000, rdd.Count());
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (long)i), rdd.Collect());
        Assert.Equal(2000, computed.Value);
        Assert.Equal(StorageLevel.MemoryOnly, rdd.StorageLevel);
        Assert.Equal(new[] { "driver" }, sc.BlockManagerMaster.Locations(new BlockId(rdd.Id, 0)));
    }

    [Fact]
    public void MemoryOnlyBlocksEvictedUnderPressureAreRecomputedFromLineage()
    {
        using var sc = SmallMemory();
        var computedA = sc.LongAccumulator();
        var a = Counted(sc, computedA).Persist(StorageLevel.MemoryOnly);
        a.Count();
        a.Count();
        Assert.Equal(2000, computedA.Value);

        var b = Counted(sc, sc.LongAccumulator(), offset: 10_000).Persist(StorageLevel.MemoryOnly);
        b.Count();
        Assert.False(sc.Env.BlockManager.Memory.Contains(new BlockId(a.Id, 0)));
        Assert.False(sc.Env.BlockManager.Memory.Contains(new BlockId(a.Id, 1)));

        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (long)i), a.Collect());
        Assert.Equal(4000, computedA.Value);
    }

    [Fact]
    public void BlocksOfTheSameRddDoNotEvictEachOther()
    {
        using var sc = NewContext("local[1]", "tests", new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["actornet:rdd:storage:memory-capacity"] = "10000" }).Build());
        var computed = sc.LongAccumulator();
        var rdd = Counted(sc, computed).Cache();
        rdd.Count();
        rdd.Count();
        // Only the first partition fits; the second is recomputed each time.
        Assert.Equal(3000, computed.Value);
    }

    [Theory]
    [InlineData("MemoryAndDisk")]
    [InlineData("MemoryAndDiskSer")]
    public void MemoryAndDiskBlocksEvictedUnderPressureGoToDisk(string levelName)
    {
        var level = levelName == "MemoryAndDisk" ? StorageLevel.MemoryAndDisk : StorageLevel.MemoryAndDiskSer;
        using var sc = SmallMemory();
        var computedA = sc.LongAccumulator();
        var a = Counted(sc, computedA).Persist(level);
        a.Count();
        var b = Counted(sc, sc.LongAccumulator(), offset: 10_000).Persist(level);
        b.Count();
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (long)i), a.Collect());
        Assert.Equal(Enumerable.Range(10_000, 2000).Select(i => (long)i), b.Collect());
        Assert.Equal(2000, computedA.Value);
        Assert.Matches(@"DiskSize: [1-9]", a.ToDebugString() + b.ToDebugString());
    }

    [Theory]
    [InlineData("DiskOnly")]
    [InlineData("MemoryOnlySer")]
    public void DiskOnlyAndSerializedLevelsServeReadsWithoutRecomputing(string levelName)
    {
        var level = levelName == "DiskOnly" ? StorageLevel.DiskOnly : StorageLevel.MemoryOnlySer;
        using var sc = Local2();
        var computed = sc.LongAccumulator();
        var rdd = sc.Parallelize(Enumerable.Range(0, 500).Select(i => ($"w{i}", new[] { i, -i })), 2)
            .Map(x => { computed.Add(1); return x; }).Persist(level);
        var first = rdd.Collect();
        var second = rdd.Collect();
        Assert.Equal(500, computed.Value);
        Assert.Equal(first.Select(x => x.Item1), second.Select(x => x.Item1));
        Assert.Equal(first.Select(x => x.Item2), second.Select(x => x.Item2));
        var block = new BlockId(rdd.Id, 0);
        Assert.Equal(levelName == "DiskOnly", sc.Env.BlockManager.Disk.Contains(block));
        Assert.Equal(levelName != "DiskOnly", sc.Env.BlockManager.Memory.Contains(block));
    }

    [Fact]
    public void UnpersistDropsBlocksAndLevelsCannotChangeWhilePersisted()
    {
        using var sc = Local2();
        var computed = sc.LongAccumulator();
        var rdd = Counted(sc, computed).Cache();
        rdd.Count();
        Assert.Throws<InvalidOperationException>(() => rdd.Persist(StorageLevel.DiskOnly));
        rdd.Unpersist();
        Assert.Equal(StorageLevel.None, rdd.StorageLevel);
        Assert.Empty(sc.BlockManagerMaster.Locations(new BlockId(rdd.Id, 0)));
        rdd.Count();
        Assert.Equal(4000, computed.Value);
        rdd.Persist(StorageLevel.DiskOnly);
    }

    [Fact]
    public void CheckpointSavesPartitionsAndCutsTheLineage()
    {
        using var sc = Local2();
        Assert.Throws<InvalidOperationException>(() => sc.Parallelize(new[] { 1 }, 1).Checkpoint());
        sc.SetCheckpointDir(TestData.TempDir());
        var computed = sc.LongAccumulator();
        var sums = Counted(sc, computed).Map(x => (x % 4, x)).ReduceByKey((a, b) => a + b);
        sums.Checkpoint();
        Assert.False(sums.IsCheckpointed);
        var expected = sums.Collect().Order().ToArray();
        Assert.True(sums.IsCheckpointed);
        Assert.True(Directory.Exists(sums.GetCheckpointFile()));
        Assert.Equal(new[] { "part-00000", "part-00001" }, Directory.GetFiles(sums.GetCheckpointFile()!).Select(Path.GetFileName).Order());
        var lineage = sums.ToDebugString();
        Assert.Contains("ReliableCheckpointRdd", lineage);
        Assert.DoesNotContain("ParallelCollectionRdd", lineage);
        var before = computed.Value;
        Assert.Equal(expected, sums.Collect().Order());
        Assert.Equal(before, computed.Value);
    }
}

/// <summary>Every test of <see cref="StorageTests"/> with tasks run from their serialized binaries, as on a cluster executor.</summary>
public sealed class ShippedStorageTests : StorageTests
{
    protected override bool Shipped => true;
}
