namespace ActorNet.Rdd;

/// <summary>Decides which partition a key goes to in a shuffle (Spark's <c>Partitioner</c>).</summary>
[Serializable]
public abstract class Partitioner
{
    /// <summary>How many partitions the partitioner produces.</summary>
    public abstract int NumPartitions { get; }

    /// <summary>The partition, in [0, NumPartitions), of <paramref name="key"/>.</summary>
    public abstract int GetPartition(object? key);

    // Typed entry point used by shuffle writers; partitioners override it to avoid boxing.
    internal virtual int PartitionOf<K>(K key) => GetPartition(key);

    // A typed partition function fetched once per task, so the per-record call is a plain delegate call
    // rather than a generic virtual dispatch.
    internal virtual Func<K, int> PartitionFunction<K>() => PartitionOf;
}
