namespace ActorNet.Rdd.Shuffle;

/// <summary>
/// A reducer could not read a map output (file gone, executor lost). It does not count as a task failure:
/// the DAG scheduler recomputes the missing map outputs from lineage and reruns the reduce stage.
/// </summary>
internal sealed class FetchFailedException(int shuffleId, int mapId, int reduceId, string? executorId, string message)
    : Exception(message)
{
    public int ShuffleId { get; } = shuffleId;

    public int MapId { get; } = mapId;

    public int ReduceId { get; } = reduceId;

    public string? ExecutorId { get; } = executorId;
}
