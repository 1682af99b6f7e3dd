namespace ActorNet.Actors.Sharding;

/// <summary>
/// Messages held per shard while the shard's home is unknown or the shard moves, bounded in total so a
/// missing coordinator cannot exhaust memory. Not thread-safe: owned by one actor.
/// </summary>
internal sealed class MessageBuffer(int capacity)
{
    // Held messages per shard id, oldest first.
    private readonly Dictionary<string, Queue<(object Message, IActorRef Sender)>> _byShard = new(StringComparer.Ordinal);

    /// <summary>Messages held over all shards.</summary>
    public int TotalCount { get; private set; }

    /// <summary>The shards that have messages waiting.</summary>
    public IEnumerable<string> ShardIds => _byShard.Keys;

    /// <summary>Holds a message; false when the buffer is full (the caller dead-letters it).</summary>
    public bool TryAdd(string shardId, object message, IActorRef sender)
    {
        if (TotalCount >= capacity) return false;
        if (!_byShard.TryGetValue(shardId, out var queue)) _byShard[shardId] = queue = new Queue<(object, IActorRef)>();
        queue.Enqueue((message, sender));
        TotalCount++;
        return true;
    }

    /// <summary>True when messages for <paramref name="shardId"/> are waiting.</summary>
    public bool Has(string shardId) => _byShard.ContainsKey(shardId);

    /// <summary>Removes and returns the messages held for <paramref name="shardId"/>, oldest first.</summary>
    public IReadOnlyCollection<(object Message, IActorRef Sender)> Take(string shardId)
    {
        if (!_byShard.Remove(shardId, out var queue)) return [];
        TotalCount -= queue.Count;
        return queue;
    }
}
