namespace ActorNet.Rdd.Shuffle;

/// <summary>Where a map task's output lives and how many bytes it holds for each reduce partition.</summary>
internal sealed record MapStatus(string ExecutorId, string Host, int MapId, long[] PartitionSizes);
