using System.Collections.Concurrent;
using ActorNet.Rdd.Closures;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// Serves broadcast values to executors (Spark's TorrentBroadcast without the peer-to-peer part): a value is
/// serialized once, on the first executor's request, and handed out in chunks small enough for remoting's bulk
/// lane, so a 100 MB value never needs a 100 MB frame. Counts how often each broadcast was fetched.
/// </summary>
internal sealed class BroadcastStore(Func<long, (bool Found, object? Value)> values, int chunkSize)
{
    private readonly ConcurrentDictionary<long, Lazy<(byte[] Bytes, string[] Assemblies)>> _serialized = new();
    private readonly ConcurrentDictionary<long, int> _fetches = new();

    /// <summary>How many executors have asked for broadcast <paramref name="id"/>.</summary>
    public int Fetches(long id) => _fetches.GetValueOrDefault(id);

    public BroadcastInfo Info(long id, Func<IEnumerable<System.Reflection.Assembly>, string[]> ship)
    {
        var (bytes, assemblies) = _serialized.GetOrAdd(id, _ => new Lazy<(byte[], string[])>(() =>
        {
            var (found, value) = values(id);
            if (!found) throw new InvalidOperationException($"Broadcast({id}) is unknown to the driver or was destroyed.");
            var serialized = ClosureSerializer.Serialize(value, out var named);
            return (serialized, ship(named));
        })).Value;
        _fetches.AddOrUpdate(id, 1, (_, n) => n + 1);
        return new BroadcastInfo(bytes.LongLength, chunkSize, (int)((bytes.LongLength + chunkSize - 1) / chunkSize), assemblies);
    }

    public byte[] Chunk(long id, int index)
    {
        if (!_serialized.TryGetValue(id, out var lazy)) throw new InvalidOperationException($"Broadcast({id}) was not prepared; ask for its info first.");
        var bytes = lazy.Value.Bytes;
        var start = (long)index * chunkSize;
        if (index < 0 || start >= bytes.LongLength && bytes.LongLength > 0) throw new ArgumentOutOfRangeException(nameof(index), $"Broadcast({id}) has no chunk {index}.");
        return bytes.AsSpan((int)start, (int)Math.Min(chunkSize, bytes.LongLength - start)).ToArray();
    }

    public void Remove(long id) => _serialized.TryRemove(id, out _);
}
