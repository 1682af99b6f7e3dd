namespace ActorNet.Rdd.Storage;

/// <summary>The driver's view of which executor holds which cached block, and how big it is there.</summary>
internal sealed class BlockManagerMaster
{
    // Per block: executor id to (bytes in memory, bytes on disk).
    private readonly Dictionary<BlockId, Dictionary<string, (long Memory, long Disk)>> _blocks = [];

    // On a cluster executor: forwards every update to the driver's master; null on the driver.
    private readonly Action<string, BlockId, long, long>? _forward;

    /// <summary>The driver's master.</summary>
    public BlockManagerMaster()
    {
    }

    /// <summary>An executor's local view that also tells the driver about every update.</summary>
    public BlockManagerMaster(Action<string, BlockId, long, long> forward) => _forward = forward;

    /// <summary>Called with every update on the driver's master (the listener bus's block events); set once at start.</summary>
    public Action<string, BlockId, long, long>? Updated { get; set; }

    public void UpdateBlockInfo(string executorId, BlockId id, long memorySize, long diskSize)
    {
        _forward?.Invoke(executorId, id, memorySize, diskSize);
        Updated?.Invoke(executorId, id, memorySize, diskSize);
        lock (_blocks)
        {
            if (memorySize == 0 && diskSize == 0)
            {
                if (_blocks.TryGetValue(id, out var holders) && holders.Remove(executorId) && holders.Count == 0) _blocks.Remove(id);
                return;
            }
            if (!_blocks.TryGetValue(id, out var h)) _blocks[id] = h = [];
            h[executorId] = (memorySize, diskSize);
        }
    }

    public IReadOnlyList<string> Locations(BlockId id)
    {
        lock (_blocks) return _blocks.TryGetValue(id, out var h) ? [.. h.Keys] : [];
    }

    /// <summary>Cached partitions of an RDD and their total bytes in memory and on disk (for ToDebugString).</summary>
    public (int Partitions, long Memory, long Disk) RddStorage(int rddId)
    {
        lock (_blocks)
        {
            int count = 0;
            long memory = 0, disk = 0;
            foreach (var (id, holders) in _blocks)
            {
                if (id.RddId != rddId) continue;
                count++;
                foreach (var (m, d) in holders.Values) { memory += m; disk += d; }
            }
            return (count, memory, disk);
        }
    }

    /// <summary>Cached blocks an executor holds and their bytes in memory and on disk (the UI's Executors page).</summary>
    public (int Blocks, long Memory, long Disk) ExecutorStorage(string executorId)
    {
        lock (_blocks) return ExecutorTotals(_blocks.Values, executorId);
    }

    /// <summary>
    /// The blocks among <paramref name="blocks"/> (each block's holders and their bytes) that <paramref name="executorId"/>
    /// holds, and their bytes in memory and on disk: shared with the history server's replay of the same map.
    /// </summary>
    internal static (int Blocks, long Memory, long Disk) ExecutorTotals(IEnumerable<Dictionary<string, (long Memory, long Disk)>> blocks, string executorId)
    {
        int count = 0;
        long memory = 0, disk = 0;
        foreach (var holders in blocks)
        {
            if (!holders.TryGetValue(executorId, out var size)) continue;
            count++;
            memory += size.Memory;
            disk += size.Disk;
        }
        return (count, memory, disk);
    }

    public void RemoveExecutor(string executorId)
    {
        lock (_blocks)
            foreach (var id in _blocks.Keys.ToArray())
                UpdateBlockInfo(executorId, id, 0, 0);
    }
}
