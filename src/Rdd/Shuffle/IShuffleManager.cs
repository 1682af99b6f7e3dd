namespace ActorNet.Rdd.Shuffle;

/// <summary>
/// Writes map outputs and reads them back for reducers. The local implementation keeps files on this
/// machine's disk; a cluster implementation fetches segments from the executor named in each
/// <see cref="MapStatus"/> through <see cref="IShuffleBlockFetcher"/>.
/// </summary>
internal interface IShuffleManager : IDisposable
{
    MapStatus Write<K, V, C>(ShuffleDependency<K, V, C> dependency, int mapId, IEnumerable<(K, V)> records, TaskContext context);

    IEnumerable<(K, C)> Read<K, V, C>(ShuffleDependency<K, V, C> dependency, int reduceId, TaskContext context);

    void RemoveShuffle(int shuffleId);
}

/// <summary>Opens the bytes one map output holds for one reduce partition, wherever that output lives.</summary>
internal interface IShuffleBlockFetcher
{
    /// <summary>
    /// A stream positioned at the segment's first byte; the caller reads exactly the segment's size
    /// (<see cref="MapStatus.PartitionSizes"/>). Throws <see cref="FetchFailedException"/> when the output cannot be read.
    /// </summary>
    Stream Open(MapStatus status, int shuffleId, int reduceId);
}
