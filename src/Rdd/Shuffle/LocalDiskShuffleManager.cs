using System.Runtime.CompilerServices;
using System.Text;

namespace ActorNet.Rdd.Shuffle;

/// <summary>
/// Sort-shuffle style manager: map tasks bucket records by the partitioner (combining per key first when
/// the dependency asks for a map-side combine), serialize each bucket and write one data file + index;
/// reducers fetch their segment of every map output, merge by key and sort when a key ordering is set.
/// Buckets are held in memory while a map task runs (no spilling yet).
/// </summary>
internal sealed class LocalDiskShuffleManager(LocalShuffleFiles files, IShuffleBlockFetcher fetcher, IRddSerializer serializer,
    MapOutputTracker tracker, string executorId, string host) : IShuffleManager
{
    public MapStatus Write<K, V, C>(ShuffleDependency<K, V, C> dependency, int mapId, IEnumerable<(K, V)> records, TaskContext context)
    {
        var partitioner = dependency.Partitioner;
        var n = partitioner.NumPartitions;
        var partitionOf = partitioner.PartitionFunction<K>();
        var segments = new MemoryStream[n];
        var writers = new BinaryWriter[n];
        for (var r = 0; r < n; r++)
        {
            segments[r] = new MemoryStream();
            writers[r] = new BinaryWriter(segments[r], Encoding.UTF8, leaveOpen: true);
        }

        if (dependency.MapSideCombine)
        {
            var agg = dependency.Aggregator!;
            var buckets = new Dictionary<NullSafeKey<K>, C>[n];
            for (var r = 0; r < n; r++) buckets[r] = [];
            foreach (var (k, v) in records)
            {
                var bucket = buckets[partitionOf(k)];
                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(bucket, new NullSafeKey<K>(k), out var exists);
                slot = exists ? agg.MergeValue(slot!, v) : agg.CreateCombiner(v);
            }
            var codec = serializer.CodecFor<(K, C)>();
            for (var r = 0; r < n; r++)
                foreach (var (k, c) in buckets[r]) codec.Write(writers[r], (k.Value, c));
        }
        else
        {
            var codec = serializer.CodecFor<(K, V)>();
            foreach (var record in records) codec.Write(writers[partitionOf(record.Item1)], record);
        }

        foreach (var w in writers) w.Flush();
        var sizes = files.Commit(dependency.ShuffleId, mapId, context.TaskAttemptId, segments);
        return new MapStatus(executorId, host, mapId, sizes);
    }

    public IEnumerable<(K, C)> Read<K, V, C>(ShuffleDependency<K, V, C> dependency, int reduceId, TaskContext context)
    {
        var statuses = tracker.GetStatuses(dependency.ShuffleId, reduceId);
        var agg = dependency.Aggregator;
        IEnumerable<(K, C)> result;
        if (agg is null)
            result = ReadAll<(K, V)>(statuses, dependency.ShuffleId, reduceId).Select(kv => (kv.Item1, Unsafe.As<V, C>(ref kv.Item2)));
        else if (dependency.MapSideCombine)
            result = Combine(ReadAll<(K, C)>(statuses, dependency.ShuffleId, reduceId), c => c, agg.MergeCombiners);
        else
            result = Combine(ReadAll<(K, V)>(statuses, dependency.ShuffleId, reduceId), agg.CreateCombiner, agg.MergeValue);

        if (dependency.KeyOrdering is { } ordering) result = result.OrderBy(kc => kc.Item1, ordering).ToArray();
        return result;
    }

    public void RemoveShuffle(int shuffleId) => files.Remove(shuffleId);

    public void Dispose()
    {
    }

    private IEnumerable<T> ReadAll<T>(MapStatus[] statuses, int shuffleId, int reduceId)
    {
        var codec = serializer.CodecFor<T>();
        foreach (var status in statuses)
        {
            if (status.PartitionSizes[reduceId] == 0) continue;
            var bytes = fetcher.Fetch(status, shuffleId, reduceId);
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
            while (reader.BaseStream.Position < bytes.Length) yield return codec.Read(reader);
        }
    }

    private static (K, C)[] Combine<K, X, C>(IEnumerable<(K, X)> records, Func<X, C> create, Func<C, X, C> merge)
    {
        var map = new Dictionary<NullSafeKey<K>, C>();
        foreach (var (k, x) in records)
        {
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, new NullSafeKey<K>(k), out var exists);
            slot = exists ? merge(slot!, x) : create(x);
        }
        var result = new (K, C)[map.Count];
        var i = 0;
        foreach (var (k, c) in map) result[i++] = (k.Value, c);
        return result;
    }
}
