namespace ActorNet.Rdd;

/// <summary>
/// Partitions sortable keys into roughly equal ranges (Spark's <c>RangePartitioner</c>): creating it runs a
/// job that reservoir-samples about 20 keys per target partition (3x over-sampled, spread over the input
/// partitions), weights each sample by its partition's size / sample size, and picks range bounds at equal
/// cumulative weight. May produce fewer partitions than asked when keys are few.
/// </summary>
/// <typeparam name="K">The key type, ordered by <see cref="Comparer{T}.Default"/>.</typeparam>
/// <typeparam name="V">The value type of the sampled RDD.</typeparam>
[Serializable]
public sealed class RangePartitioner<K, V> : Partitioner
{
    // Upper bounds of every partition but the last, ascending.
    private readonly K[] _bounds;
    private readonly bool _ascending;

    // Not a field: the default comparer is looked up wherever the partitioner runs, so nothing of it is shipped.
    private static IComparer<K> KeyComparer => Comparer<K>.Default;

    /// <summary>Samples <paramref name="rdd"/>'s keys to find bounds for <paramref name="partitions"/> ranges.</summary>
    public RangePartitioner(int partitions, Rdd<(K, V)> rdd, bool ascending = true, int samplePointsPerPartitionHint = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partitions);
        ArgumentNullException.ThrowIfNull(rdd);
        _ascending = ascending;
        _bounds = partitions <= 1 || rdd.NumPartitions == 0 ? [] : ComputeBounds(partitions, rdd, samplePointsPerPartitionHint);
    }

    /// <inheritdoc />
    public override int NumPartitions => _bounds.Length + 1;

    /// <summary>The sampled range bounds (upper bound of each partition but the last).</summary>
    public IReadOnlyList<K> Bounds => _bounds;

    /// <inheritdoc />
    public override int GetPartition(object? key) => PartitionOf((K)key!);

    internal override int PartitionOf<TKey>(TKey key)
    {
        var k = (K)(object)key!;
        int partition;
        if (_bounds.Length <= 128)
        {
            partition = 0;
            while (partition < _bounds.Length && KeyComparer.Compare(k, _bounds[partition]) > 0) partition++;
        }
        else
        {
            partition = Array.BinarySearch(_bounds, k, KeyComparer);
            if (partition < 0) partition = ~partition;
        }
        return _ascending ? partition : _bounds.Length - partition;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) =>
        obj is RangePartitioner<K, V> r && r._ascending == _ascending && r._bounds.SequenceEqual(_bounds);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_bounds.Length, _ascending);

    private K[] ComputeBounds(int partitions, Rdd<(K, V)> rdd, int hint)
    {
        var sampleSize = Math.Min((double)hint * partitions, 1e6);
        var perPartition = (int)Math.Ceiling(3.0 * sampleSize / rdd.NumPartitions);
        var sketches = rdd.Context.RunJob(rdd, (ctx, items) => Reservoir(items.Select(kv => kv.Item1), perPartition, ctx.PartitionId));
        var candidates = new List<(K Key, double Weight)>();
        foreach (var (count, sample) in sketches)
        {
            if (sample.Length == 0) continue;
            var weight = (double)count / sample.Length;
            foreach (var key in sample) candidates.Add((key, weight));
        }
        return candidates.Count == 0 ? [] : DetermineBounds(candidates, Math.Min(partitions, candidates.Count));
    }

    private static (long Count, K[] Sample) Reservoir(IEnumerable<K> keys, int size, int seed)
    {
        var sample = new List<K>(size);
        var rng = new XorShiftRandom(seed);
        long count = 0;
        foreach (var key in keys)
        {
            count++;
            if (sample.Count < size) sample.Add(key);
            else
            {
                var j = (long)(rng.NextDouble() * count);
                if (j < size) sample[(int)j] = key;
            }
        }
        return (count, [.. sample]);
    }

    private K[] DetermineBounds(List<(K Key, double Weight)> candidates, int partitions)
    {
        var ordered = candidates.OrderBy(c => c.Key, KeyComparer).ToArray();
        var step = ordered.Sum(c => c.Weight) / partitions;
        double cumulative = 0, target = step;
        var bounds = new List<K>();
        var hasPrevious = false;
        K previous = default!;
        for (var i = 0; i < ordered.Length && bounds.Count < partitions - 1; i++)
        {
            cumulative += ordered[i].Weight;
            if (cumulative < target) continue;
            // Equal keys must stay in one partition: skip a bound equal to the previous one.
            if (hasPrevious && KeyComparer.Compare(ordered[i].Key, previous) <= 0) continue;
            bounds.Add(ordered[i].Key);
            target += step;
            previous = ordered[i].Key;
            hasPrevious = true;
        }
        return [.. bounds];
    }
}
