namespace ActorNet.Rdd;

/// <summary>
/// Partitions by the key's hash modulo the partition count (null keys go to partition 0). Strings,
/// integers, longs and tuples of them hash as on the JVM (so partitions match Spark's); other types use
/// <see cref="object.GetHashCode"/>, which must then be the same in every process of a cluster.
/// </summary>
[Serializable]
public sealed class HashPartitioner : Partitioner
{
    /// <summary>Creates a partitioner with <paramref name="partitions"/> partitions (at least 0).</summary>
    public HashPartitioner(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partitions);
        NumPartitions = partitions;
    }

    /// <inheritdoc />
    public override int NumPartitions { get; }

    /// <inheritdoc />
    public override int GetPartition(object? key) => key is null ? 0 : NonNegativeMod(StableHash.OfObject(key), NumPartitions);

    internal override int PartitionOf<K>(K key) => key is null ? 0 : NonNegativeMod(StableHash.Of(key), NumPartitions);

    internal override Func<K, int> PartitionFunction<K>()
    {
        var n = NumPartitions;
        return key => key is null ? 0 : NonNegativeMod(StableHash.Of(key), n);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is HashPartitioner h && h.NumPartitions == NumPartitions;

    /// <inheritdoc />
    public override int GetHashCode() => NumPartitions;

    internal static int NonNegativeMod(int x, int mod)
    {
        var raw = x % mod;
        return raw + (raw < 0 ? mod : 0);
    }
}
