namespace ActorNet.Rdd.Storage;

/// <summary>
/// Blocks in memory with least-recently-used eviction under a byte budget. As in Spark, a block is never
/// evicted to make room for another block of the same RDD (that would only cycle the RDD through memory).
/// </summary>
internal sealed class MemoryStore(long capacity)
{
    // Guards the entries and the LRU order; callbacks run outside it.
    private readonly Lock _gate = new();

    // The blocks, each with its node in the LRU list (front = most recently used).
    private readonly Dictionary<BlockId, (MemoryEntry Entry, LinkedListNode<BlockId> Node)> _entries = [];

    // Recency order of the blocks.
    private readonly LinkedList<BlockId> _lru = new();

    // Sum of the sizes of the blocks held.
    private long _used;

    public long Capacity { get; } = capacity;

    public long Used { get { lock (_gate) return _used; } }

    public bool Contains(BlockId id)
    {
        lock (_gate) return _entries.ContainsKey(id);
    }

    public MemoryEntry? Get(BlockId id)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(id, out var e)) return null;
            _lru.Remove(e.Node);
            _lru.AddFirst(e.Node);
            return e.Entry;
        }
    }

    /// <summary>
    /// Stores the block if it fits after evicting least-recently-used blocks of other RDDs; returns false
    /// (evicting nothing) if it cannot fit. Evicted blocks are handed to <paramref name="evicted"/>.
    /// </summary>
    public bool TryPut(BlockId id, MemoryEntry entry, Action<BlockId, MemoryEntry> evicted)
    {
        var victims = new List<(BlockId, MemoryEntry)>();
        lock (_gate)
        {
            if (_entries.ContainsKey(id)) return true;
            var free = Capacity - _used;
            if (entry.Size > free)
            {
                var candidates = new List<BlockId>();
                for (var node = _lru.Last; node is not null && entry.Size > free; node = node.Previous)
                {
                    if (node.Value.RddId == id.RddId) continue;
                    candidates.Add(node.Value);
                    free += _entries[node.Value].Entry.Size;
                }
                if (entry.Size > free) return false;
                foreach (var victim in candidates)
                {
                    var (victimEntry, victimNode) = _entries[victim];
                    _entries.Remove(victim);
                    _lru.Remove(victimNode);
                    _used -= victimEntry.Size;
                    victims.Add((victim, victimEntry));
                }
            }
            _entries[id] = (entry, _lru.AddFirst(id));
            _used += entry.Size;
        }
        foreach (var (victim, victimEntry) in victims) evicted(victim, victimEntry);
        return true;
    }

    public bool Remove(BlockId id)
    {
        lock (_gate)
        {
            if (!_entries.Remove(id, out var e)) return false;
            _lru.Remove(e.Node);
            _used -= e.Entry.Size;
            return true;
        }
    }

    public long SizeOf(BlockId id)
    {
        lock (_gate) return _entries.TryGetValue(id, out var e) ? e.Entry.Size : 0;
    }
}
