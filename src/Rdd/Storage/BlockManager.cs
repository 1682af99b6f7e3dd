using ActorNet.Rdd.Serialization;

namespace ActorNet.Rdd.Storage;

/// <summary>
/// An executor's store of cached RDD partitions (Spark's <c>BlockManager</c>): a memory store with LRU
/// eviction and a disk store, used as each block's <see cref="StorageLevel"/> says. Memory-and-disk
/// blocks that are evicted or do not fit go to disk; memory-only blocks are dropped and recomputed from
/// lineage when needed. Every change is reported to the driver's <see cref="BlockManagerMaster"/>.
/// </summary>
internal sealed class BlockManager(string executorId, MemoryStore memory, DiskStore disk, BlockManagerMaster master, IRddSerializer serializer)
{
    public string ExecutorId { get; } = executorId;

    public MemoryStore Memory { get; } = memory;

    public DiskStore Disk { get; } = disk;

    /// <summary>The cached partition, computing and storing it first when it is not held here.</summary>
    public IEnumerable<T> GetOrCompute<T>(Rdd<T> rdd, Partition partition, TaskContext context)
    {
        var id = new BlockId(rdd.Id, partition.Index);
        var level = rdd.StorageLevel;
        if (Get<T>(id, level) is { } cached) return cached;
        var values = rdd.ComputeOrReadCheckpoint(partition, context).ToArray();
        Put(id, values, level);
        return values;
    }

    public T[]? Get<T>(BlockId id, StorageLevel level)
    {
        if (Memory.Get(id) is { } entry)
            return entry.Value is T[] objects ? objects : serializer.DeserializeAll<T>((byte[])entry.Value);
        if (!level.UseDisk || Disk.Get(id) is not { } bytes) return null;
        var values = serializer.DeserializeAll<T>(bytes);
        // Spark promotes a disk block back into memory when the level allows it and it fits.
        if (level.UseMemory) TryPutInMemory(id, values, level, bytes);
        return values;
    }

    public void Put<T>(BlockId id, T[] values, StorageLevel level)
    {
        byte[]? bytes = null;
        byte[] Bytes() => bytes ??= serializer.SerializeAll(values);
        if (level.UseMemory && TryPutInMemory(id, values, level, level.Deserialized ? null : Bytes())) return;
        if (level.UseDisk)
        {
            Disk.Put(id, Bytes());
            Report(id);
        }
    }

    public void RemoveRdd(int rddId, int numPartitions)
    {
        for (var p = 0; p < numPartitions; p++)
        {
            var id = new BlockId(rddId, p);
            var removed = Memory.Remove(id) | Disk.Remove(id);
            if (removed) Report(id);
        }
    }

    private bool TryPutInMemory<T>(BlockId id, T[] values, StorageLevel level, byte[]? bytes)
    {
        MemoryEntry entry = level.Deserialized
            ? new MemoryEntry(values, SizeEstimator.Estimate(values, serializer), level, () => serializer.SerializeAll(values))
            : new MemoryEntry(bytes ??= serializer.SerializeAll(values), bytes.Length, level, () => bytes);
        if (!Memory.TryPut(id, entry, OnEvicted)) return false;
        Report(id);
        return true;
    }

    private void OnEvicted(BlockId id, MemoryEntry entry)
    {
        if (entry.Level.UseDisk && !Disk.Contains(id)) Disk.Put(id, entry.ToBytes());
        Report(id);
    }

    private void Report(BlockId id) => master.UpdateBlockInfo(ExecutorId, id, Memory.SizeOf(id), Disk.SizeOf(id));
}
