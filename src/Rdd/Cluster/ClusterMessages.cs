using ActorNet.Messaging;
using ActorNet.Rdd.Scheduling;
using Akka.Actor;
using MessagePack;

namespace ActorNet.Rdd.Cluster;

// The RDD protocol between a driver and the executor hosts on worker nodes, on Akka.NET. Every message here is small
// and goes through ActorNet's MessagePack serializer; bulk bytes (stage binaries, assemblies, broadcast chunks, shuffle
// segments, large task results) go on the data plane (DataPlaneProtocol.cs): these messages only say where to get them.

/// <summary>Driver → executor host: start an executor for the application; answered by <see cref="ApplicationRegistered"/>.</summary>
[MessagePackObject]
internal sealed record RegisterApplication(
    [property: Key(0)] string AppId,
    [property: Key(1)] string AppName,
    [property: Key(2)] IActorRef Driver,
    [property: Key(3)] string DriverDataPlane,
    [property: Key(4)] Dictionary<string, string> Settings) : IActorNetMessage;

/// <summary>Executor host → driver: the application's executor on this node is ready.</summary>
[MessagePackObject]
internal sealed record ApplicationRegistered(
    [property: Key(0)] string AppId,
    [property: Key(1)] string ExecutorId,
    [property: Key(2)] string Host,
    [property: Key(3)] int Cores) : IActorNetMessage;

/// <summary>
/// Driver → executor host: run one task attempt. The first launch of a stage attempt on an executor carries the
/// stage's shared part and the assemblies it names when they are small (<see cref="Binary"/>); otherwise the
/// executor fetches them from the driver's data plane once per stage attempt.
/// </summary>
[MessagePackObject]
internal sealed record LaunchTask(
    [property: Key(0)] string AppId,
    [property: Key(1)] long TaskId,
    [property: Key(2)] int AttemptNumber,
    [property: Key(3)] int StageId,
    [property: Key(4)] int StageAttempt,
    [property: Key(5)] int PartitionId,
    [property: Key(6)] int OutputId,
    [property: Key(7)] long Epoch,
    [property: Key(8)] byte[]? Binary,
    [property: Key(9)] string[]? Assemblies) : IActorNetMessage;

/// <summary>
/// Executor → driver: a task attempt ended; <see cref="Body"/> is the serialized end reason and <see cref="Metrics"/>
/// what the attempt did (run time, shuffle bytes and records; null from an executor that does not measure). Ends up
/// to <see cref="TaskEnded.DirectLimit"/> bytes travel in this message; larger ones go on the driver's data plane
/// (Spark's direct and indirect task results), with the metrics in the request's header, and this message only says
/// so (<see cref="EndFollows"/>, no body): the attempt's slot is free, as Spark frees an indirect result's cores at its
/// status update, while its end is still on the way.
/// </summary>
[MessagePackObject]
internal sealed record TaskEnded([property: Key(0)] long TaskId, [property: Key(1)] byte[] Body, [property: Key(2)] TaskMetrics? Metrics = null,
    [property: Key(3)] bool EndFollows = false) : IActorNetMessage
{
    /// <summary>The largest serialized end sent inside an Akka message (well under Akka's 128,000-byte frames).</summary>
    public const int DirectLimit = 32 << 10;

    /// <summary>The task ran and its end travels on the driver's data plane: its slot may take another task now.</summary>
    public static TaskEnded Follows(long taskId) => new(taskId, [], EndFollows: true);
}

/// <summary>Driver → executor host: task launches that were ready together (see <see cref="Coalescer{T}"/>).</summary>
[MessagePackObject]
internal sealed record LaunchTasks([property: Key(0)] LaunchTask[] Tasks) : IActorNetMessage
{
    /// <summary>The bytes a batch of launches stays under.</summary>
    public const int MaxBatchBytes = 96 << 10;

    /// <summary>About what a launch adds to a batch.</summary>
    public static int SizeOf(LaunchTask task) => 96 + (task.Binary?.Length ?? 0) + (task.Assemblies?.Sum(a => a.Length + 4) ?? 0);
}

/// <summary>Executor → driver: task ends that were ready together.</summary>
[MessagePackObject]
internal sealed record TasksEnded([property: Key(0)] TaskEnded[] Ends) : IActorNetMessage
{
    /// <summary>The bytes a batch of ends stays under.</summary>
    public const int MaxBatchBytes = 96 << 10;
}

/// <summary>Driver → executor host: kill a task attempt (queued or running).</summary>
[MessagePackObject]
internal sealed record KillTask([property: Key(0)] string AppId, [property: Key(1)] long TaskId) : IActorNetMessage;

/// <summary>Driver → executor host: the application ended; drop its executor, files and code.</summary>
[MessagePackObject]
internal sealed record RemoveApplication([property: Key(0)] string AppId) : IActorNetMessage;

/// <summary>Driver → executor host: drop the cached partitions of an RDD.</summary>
[MessagePackObject]
internal sealed record RemoveRddBlocks([property: Key(0)] string AppId, [property: Key(1)] int RddId, [property: Key(2)] int NumPartitions) : IActorNetMessage;

/// <summary>Driver → executor host: delete a shuffle's files (no RDD on the driver can read it any more).</summary>
[MessagePackObject]
internal sealed record RemoveShuffle([property: Key(0)] string AppId, [property: Key(1)] int ShuffleId) : IActorNetMessage;

/// <summary>Driver → executor host: drop the executor's copy of a broadcast (unpersisted or destroyed).</summary>
[MessagePackObject]
internal sealed record RemoveBroadcast([property: Key(0)] string AppId, [property: Key(1)] long BroadcastId) : IActorNetMessage;

/// <summary>Executor → driver: a cached block changed size on the executor (0/0 when dropped).</summary>
[MessagePackObject]
internal sealed record BlockUpdate(
    [property: Key(0)] string ExecutorId,
    [property: Key(1)] int RddId,
    [property: Key(2)] int Partition,
    [property: Key(3)] long MemorySize,
    [property: Key(4)] long DiskSize) : IActorNetMessage;

/// <summary>Executor → driver (ask): the full names of the application assemblies a stage attempt's tasks need.</summary>
[MessagePackObject]
internal sealed record GetStageAssemblies([property: Key(0)] int StageId, [property: Key(1)] int StageAttempt) : IActorNetMessage;

/// <summary>The answer to <see cref="GetStageAssemblies"/>.</summary>
[MessagePackObject]
internal sealed record StageAssemblies([property: Key(0)] string[] FullNames) : IActorNetMessage;

/// <summary>Executor → driver (ask): where a shuffle's map outputs are; answered by <see cref="MapStatuses"/>.</summary>
[MessagePackObject]
internal sealed record GetMapStatuses([property: Key(0)] int ShuffleId) : IActorNetMessage;

/// <summary>One map output's location and segment sizes (null entries in <see cref="MapStatuses"/> are missing outputs).</summary>
[MessagePackObject]
internal sealed record MapStatusWire(
    [property: Key(0)] string ExecutorId,
    [property: Key(1)] string Host,
    [property: Key(2)] int MapId,
    [property: Key(3)] long[] PartitionSizes);

/// <summary>The answer to <see cref="GetMapStatuses"/>; empty when the driver does not know the shuffle.</summary>
[MessagePackObject]
internal sealed record MapStatuses([property: Key(0)] MapStatusWire?[] Statuses) : IActorNetMessage;

/// <summary>Executor → driver (ask): a broadcast's size; answered by <see cref="BroadcastInfo"/>.</summary>
[MessagePackObject]
internal sealed record GetBroadcastInfo([property: Key(0)] long BroadcastId) : IActorNetMessage;

/// <summary>A broadcast's serialized length, its chunks, and the assemblies its value's types live in.</summary>
[MessagePackObject]
internal sealed record BroadcastInfo(
    [property: Key(0)] long Length,
    [property: Key(1)] int ChunkSize,
    [property: Key(2)] int Chunks,
    [property: Key(3)] string[] Assemblies) : IActorNetMessage;

/// <summary>Peer → executor host (ask): the node's data-plane address; answered by <see cref="DataPlaneAt"/>.</summary>
[MessagePackObject]
internal sealed record GetDataPlane : IActorNetMessage;

/// <summary>A node's data-plane address, <c>host:port</c>.</summary>
[MessagePackObject]
internal sealed record DataPlaneAt([property: Key(0)] string Address) : IActorNetMessage;

/// <summary>The answer to an ask that failed on the answering side, with the failure's message.</summary>
[MessagePackObject]
internal sealed record RequestFailed([property: Key(0)] string Message) : IActorNetMessage;
