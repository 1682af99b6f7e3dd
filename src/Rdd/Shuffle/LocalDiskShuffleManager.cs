using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        var n = dependency.Partitioner.NumPartitions;
        var partitionOf = dependency.Partitioner.PartitionFunction<K>();
        long[] sizes;
        long written = 0;
        if (dependency.MapSideCombine)
        {
            var agg = dependency.Aggregator!;
            var buckets = new Dictionary<NullSafeKey<K>, C>[n];
            for (var r = 0; r < n; r++) buckets[r] = [];
            foreach (var (k, v) in records)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(buckets[partitionOf(k)], new NullSafeKey<K>(k), out var exists);
                slot = exists ? agg.MergeValue(slot!, v) : agg.CreateCombiner(v);
            }
            var codec = serializer.CodecFor<(K, C)>();
            foreach (var bucket in buckets) written += bucket.Count;
            sizes = files.Commit(dependency.ShuffleId, mapId, context.TaskAttemptId, n, (r, writer) =>
            {
                foreach (var (k, c) in buckets[r]) codec.Write(writer, (k.Value, c));
                buckets[r] = null!;
            });
        }
        else
        {
            // Records are bucketed as objects and serialized straight into the file: no intermediate buffers.
            var buckets = new List<(K, V)>[n];
            for (var r = 0; r < n; r++) buckets[r] = [];
            foreach (var record in records) buckets[partitionOf(record.Item1)].Add(record);
            foreach (var bucket in buckets) written += bucket.Count;
            var codec = serializer.CodecFor<(K, V)>();
            sizes = files.Commit(dependency.ShuffleId, mapId, context.TaskAttemptId, n, (r, writer) =>
            {
                foreach (var record in buckets[r]) codec.Write(writer, record);
                buckets[r] = null!;
            });
        }
        context.Metrics.ShuffleWrite(sizes.Sum(), written);
        return new MapStatus(executorId, host, mapId, sizes);
    }

    public IEnumerable<(K, C)> Read<K, V, C>(ShuffleDependency<K, V, C> dependency, int reduceId, TaskContext context)
    {
        var statuses = tracker.GetStatuses(dependency.ShuffleId, reduceId);
        var agg = dependency.Aggregator;
        IEnumerable<(K, C)> result;
        if (agg is null)
            result = ReadAll<(K, V)>(statuses, dependency.ShuffleId, reduceId, context.Metrics).Select(kv => (kv.Item1, Unsafe.As<V, C>(ref kv.Item2)));
        else if (dependency.MapSideCombine)
            result = Combine(ReadAll<(K, C)>(statuses, dependency.ShuffleId, reduceId, context.Metrics), c => c, agg.MergeCombiners);
        else
            result = Combine(ReadAll<(K, V)>(statuses, dependency.ShuffleId, reduceId, context.Metrics), agg.CreateCombiner, agg.MergeValue);

        if (dependency.KeyOrdering is { } ordering) result = result.OrderBy(kc => kc.Item1, ordering).ToArray();
        return result;
    }

    public void RemoveShuffle(int shuffleId) => files.Remove(shuffleId);

    public void Dispose()
    {
    }

    // Counts what it fetched and decoded into the task's metrics: bytes per segment fetched, records as they are read
    // (also when the task stops early, as Take does, which disposes this iterator).
    private IEnumerable<T> ReadAll<T>(MapStatus[] statuses, int shuffleId, int reduceId, Scheduling.TaskMetricsRecorder metrics)
    {
        var codec = serializer.CodecFor<T>();
        long records = 0;
        try
        {
            foreach (var status in statuses)
            {
                var size = status.PartitionSizes[reduceId];
                if (size == 0) continue;
                // One read per segment, then records are decoded from memory (per-record FileStream reads are slow).
                var bytes = GC.AllocateUninitializedArray<byte>(checked((int)size));
                using (var stream = fetcher.Open(status, shuffleId, reduceId)) ReadSegment(stream, bytes, status, shuffleId, reduceId);
                metrics.ShuffleRead(size, 0);
                using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
                while (reader.BaseStream.Position < bytes.Length)
                {
                    var record = codec.Read(reader);
                    records++;
                    yield return record;
                }
            }
        }
        finally
        {
            metrics.ShuffleRead(0, records);
        }
    }

    private static void ReadSegment(Stream stream, byte[] bytes, MapStatus status, int shuffleId, int reduceId)
    {
        try
        {
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException)
        {
            throw new FetchFailedException(shuffleId, status.MapId, reduceId, status.ExecutorId,
                $"Shuffle {shuffleId} map {status.MapId} reduce {reduceId} on executor {status.ExecutorId} is shorter than its {bytes.Length} bytes: {e.Message}");
        }
    }

    private static (K, C)[] Combine<K, X, C>(IEnumerable<(K, X)> records, Func<X, C> create, Func<C, X, C> merge)
    {
        var map = new Dictionary<NullSafeKey<K>, C>();
        foreach (var (k, x) in records)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, new NullSafeKey<K>(k), out var exists);
            slot = exists ? merge(slot!, x) : create(x);
        }
        var result = new (K, C)[map.Count];
        var i = 0;
        foreach (var (k, c) in map) result[i++] = (k.Value, c);
        return result;
    }
}
