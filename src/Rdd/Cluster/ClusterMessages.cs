using ActorNet.Actors;

namespace ActorNet.Rdd.Cluster;

// The RDD protocol between a driver and the executor hosts on worker nodes. Every message is small (it travels
// inside one frame); bulky bytes (task binaries, assemblies, results, broadcast chunks, shuffle segments) travel
// as raw byte[] replies to an Ask, which remoting sends on its bulk lane in chunks.

/// <summary>Driver → executor host: start an executor for the application; answered by <see cref="ApplicationRegistered"/>.</summary>
internal sealed record RegisterApplication(string AppId, string AppName, IActorRef Driver, Dictionary<string, string> Settings);

/// <summary>Executor host → driver: the application's executor on this node is ready.</summary>
internal sealed record ApplicationRegistered(string AppId, string ExecutorId, string Host, int Cores);

/// <summary>
/// Driver → executor host: run one task attempt. The first launch of a stage attempt on an executor carries the
/// stage's shared part and the assemblies it names when they are small (<see cref="Binary"/>); otherwise the
/// executor fetches them once per stage attempt.
/// </summary>
internal sealed record LaunchTask(string AppId, long TaskId, int AttemptNumber, int StageId, int StageAttempt, int PartitionId, int OutputId, long Epoch,
    byte[]? Binary, string[]? Assemblies);

/// <summary>Driver → executor host: kill a task attempt (queued or running).</summary>
internal sealed record KillTask(string AppId, long TaskId);

/// <summary>Driver → executor host: the application ended; drop its executor, files and code.</summary>
internal sealed record RemoveApplication(string AppId);

/// <summary>Driver → executor host: drop the cached partitions of an RDD.</summary>
internal sealed record RemoveRddBlocks(string AppId, int RddId, int NumPartitions);

/// <summary>Driver → executor host: drop the executor's copy of a broadcast (unpersisted or destroyed).</summary>
internal sealed record RemoveBroadcast(string AppId, long BroadcastId);

/// <summary>Executor → driver: a cached block changed size on the executor (0/0 when dropped).</summary>
internal sealed record BlockUpdate(string ExecutorId, int RddId, int Partition, long MemorySize, long DiskSize);

/// <summary>Executor → driver (ask): the full names of the application assemblies a stage attempt's tasks need.</summary>
internal sealed record GetStageAssemblies(int StageId, int StageAttempt);

/// <summary>The answer to <see cref="GetStageAssemblies"/>.</summary>
internal sealed record StageAssemblies(string[] FullNames);

/// <summary>Executor → driver (ask): the serialized shared part of a stage attempt's tasks; answered with byte[].</summary>
internal sealed record GetStageBinary(int StageId, int StageAttempt);

/// <summary>Executor → driver (ask): an application assembly's file bytes; answered with byte[].</summary>
internal sealed record GetAssembly(string FullName);

/// <summary>Executor → driver (ask): where a shuffle's map outputs are; answered by <see cref="MapStatuses"/>.</summary>
internal sealed record GetMapStatuses(int ShuffleId);

/// <summary>One map output's location and segment sizes (null entries in <see cref="MapStatuses"/> are missing outputs).</summary>
internal sealed record MapStatusWire(string ExecutorId, string Host, int MapId, long[] PartitionSizes);

/// <summary>The answer to <see cref="GetMapStatuses"/>; empty when the driver does not know the shuffle.</summary>
internal sealed record MapStatuses(MapStatusWire?[] Statuses);

/// <summary>Executor → driver (ask): a broadcast's size; answered by <see cref="BroadcastInfo"/>.</summary>
internal sealed record GetBroadcastInfo(long BroadcastId);

/// <summary>A broadcast's serialized length, its chunks, and the assemblies its value's types live in.</summary>
internal sealed record BroadcastInfo(long Length, int ChunkSize, int Chunks, string[] Assemblies);

/// <summary>Executor → driver (ask): one chunk of a broadcast's serialized value; answered with byte[].</summary>
internal sealed record GetBroadcastChunk(long BroadcastId, int Index);

/// <summary>Executor → peer executor host (ask): the bytes one map output holds for one reducer; answered with byte[] or <see cref="SegmentMissing"/>.</summary>
internal sealed record FetchSegment(string AppId, int ShuffleId, int MapId, int ReduceId);

/// <summary>The answer to <see cref="FetchSegment"/> when the output cannot be read.</summary>
internal sealed record SegmentMissing(string Message);
