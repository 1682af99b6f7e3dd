using System.Text.Json.Serialization;

namespace ActorNet.Rdd.Events;

/// <summary>
/// Something that happened in a driver (Spark's <c>SparkListenerEvent</c>): the scheduler posts job, stage, task and
/// executor events, and code above the engine (the distributed trainers) posts its own, such as training rounds. Every
/// event goes through the context's listener bus to each <see cref="IClusterListener"/>, on the bus's thread.
/// </summary>
/// <param name="Time">When it happened.</param>
/// <remarks>The event log writes each event as one JSON object whose <c>Event</c> property names its type.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "Event", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ApplicationStarted), "ApplicationStarted")]
[JsonDerivedType(typeof(ApplicationEnded), "ApplicationEnded")]
[JsonDerivedType(typeof(JobStarted), "JobStarted")]
[JsonDerivedType(typeof(JobEnded), "JobEnded")]
[JsonDerivedType(typeof(StageSubmitted), "StageSubmitted")]
[JsonDerivedType(typeof(StageCompleted), "StageCompleted")]
[JsonDerivedType(typeof(TaskStarted), "TaskStarted")]
[JsonDerivedType(typeof(TaskEnded), "TaskEnded")]
[JsonDerivedType(typeof(ExecutorAdded), "ExecutorAdded")]
[JsonDerivedType(typeof(ExecutorRemoved), "ExecutorRemoved")]
[JsonDerivedType(typeof(TrainingStarted), "TrainingStarted")]
[JsonDerivedType(typeof(TrainingRoundEnded), "TrainingRoundEnded")]
[JsonDerivedType(typeof(TrainingRecovered), "TrainingRecovered")]
[JsonDerivedType(typeof(TrainingCheckpointWritten), "TrainingCheckpointWritten")]
[JsonDerivedType(typeof(EnvironmentUpdated), "EnvironmentUpdated")]
[JsonDerivedType(typeof(RddPersisted), "RddPersisted")]
[JsonDerivedType(typeof(RddUnpersisted), "RddUnpersisted")]
[JsonDerivedType(typeof(BlockUpdated), "BlockUpdated")]
[JsonDerivedType(typeof(ClusterMembersUpdated), "ClusterMembersUpdated")]
public abstract record ListenerEvent(DateTimeOffset Time);

/// <summary>The application started (Spark's <c>SparkListenerApplicationStart</c>).</summary>
/// <param name="Time">When the context started.</param>
/// <param name="AppId">The application's id.</param>
/// <param name="AppName">The application's name.</param>
/// <param name="Master">The master URL.</param>
public sealed record ApplicationStarted(DateTimeOffset Time, string AppId, string AppName, string Master) : ListenerEvent(Time);

/// <summary>The application's context stopped.</summary>
/// <param name="Time">When it stopped.</param>
public sealed record ApplicationEnded(DateTimeOffset Time) : ListenerEvent(Time);

/// <summary>A job (one action) was submitted.</summary>
/// <param name="Time">When it was submitted.</param>
/// <param name="JobId">The job's id.</param>
/// <param name="Name">The final RDD and where the program made it ("MapPartitionsRdd[3] at Map at Program.Main").</param>
/// <param name="StageIds">Every stage the job needs, its result stage last.</param>
/// <param name="JobGroup">The job group set with SetJobGroup, or null.</param>
/// <param name="Lineage">The final RDD's lineage (ToDebugString).</param>
public sealed record JobStarted(DateTimeOffset Time, int JobId, string Name, IReadOnlyList<int> StageIds, string? JobGroup, string Lineage) : ListenerEvent(Time);

/// <summary>A job finished or failed.</summary>
/// <param name="Time">When it ended.</param>
/// <param name="JobId">The job's id.</param>
/// <param name="Succeeded">True when every result arrived.</param>
/// <param name="Error">Why it failed, or null.</param>
public sealed record JobEnded(DateTimeOffset Time, int JobId, bool Succeeded, string? Error) : ListenerEvent(Time);

/// <summary>An attempt of a stage was submitted with its tasks.</summary>
/// <param name="Time">When it was submitted.</param>
/// <param name="StageId">The stage's id.</param>
/// <param name="Attempt">The attempt number, from 0.</param>
/// <param name="Name">The stage's RDD and where the program made it.</param>
/// <param name="NumTasks">Tasks of this attempt.</param>
/// <param name="JobIds">Active jobs that need the stage.</param>
/// <param name="RddId">The id of the stage's RDD.</param>
/// <param name="IsShuffleMap">True for a stage that writes shuffle output, false for a job's result stage.</param>
public sealed record StageSubmitted(DateTimeOffset Time, int StageId, int Attempt, string Name, int NumTasks, IReadOnlyList<int> JobIds, int RddId, bool IsShuffleMap)
    : ListenerEvent(Time);

/// <summary>A stage attempt completed, or failed with <paramref name="FailureReason"/>.</summary>
/// <param name="Time">When it ended.</param>
/// <param name="StageId">The stage's id.</param>
/// <param name="Attempt">The attempt number.</param>
/// <param name="FailureReason">Why it failed, or null when it completed.</param>
public sealed record StageCompleted(DateTimeOffset Time, int StageId, int Attempt, string? FailureReason) : ListenerEvent(Time);

/// <summary>A task attempt was launched on an executor.</summary>
/// <param name="Time">When it was launched.</param>
/// <param name="TaskId">The attempt's id, unique in the application.</param>
/// <param name="StageId">Its stage.</param>
/// <param name="StageAttempt">Its stage attempt.</param>
/// <param name="Partition">The partition it computes.</param>
/// <param name="Attempt">The task's attempt number, from 0.</param>
/// <param name="ExecutorId">Where it runs.</param>
public sealed record TaskStarted(DateTimeOffset Time, long TaskId, int StageId, int StageAttempt, int Partition, int Attempt, string ExecutorId) : ListenerEvent(Time);

/// <summary>A task attempt ended.</summary>
/// <param name="Time">When it ended.</param>
/// <param name="TaskId">The attempt's id.</param>
/// <param name="StageId">Its stage.</param>
/// <param name="StageAttempt">Its stage attempt.</param>
/// <param name="ExecutorId">Where it ran.</param>
/// <param name="Reason">Success, ExceptionFailure, FetchFailed or TaskKilled (Spark's reasons).</param>
/// <param name="Error">The failure's message (exception type and message), or null.</param>
/// <param name="ShuffleBytesWritten">Bytes of shuffle output a map task wrote, else 0.</param>
/// <remarks>
/// The metrics (run time, shuffle reads and writes) are what the executor measured and sent back with the end; a log
/// written before they existed reads them as 0.
/// </remarks>
public sealed record TaskEnded(DateTimeOffset Time, long TaskId, int StageId, int StageAttempt, string ExecutorId, string Reason, string? Error, long ShuffleBytesWritten)
    : ListenerEvent(Time)
{
    /// <summary>Records of shuffle output it wrote.</summary>
    public long ShuffleWriteRecords { get; init; }

    /// <summary>Bytes of map output it fetched (from its own executor and from others).</summary>
    public long ShuffleReadBytes { get; init; }

    /// <summary>Records it read from those bytes.</summary>
    public long ShuffleReadRecords { get; init; }

    /// <summary>Microseconds its code ran on the executor.</summary>
    public long RunTimeMicros { get; init; }

    /// <summary>True when the attempt succeeded.</summary>
    [JsonIgnore]
    public bool Successful => Reason == "Success";
}

/// <summary>An executor registered with the driver.</summary>
/// <param name="Time">When it was added.</param>
/// <param name="ExecutorId">Its id.</param>
/// <param name="Host">Its host.</param>
/// <param name="Cores">Its task slots.</param>
public sealed record ExecutorAdded(DateTimeOffset Time, string ExecutorId, string Host, int Cores) : ListenerEvent(Time);

/// <summary>An executor was lost (its node left or became unreachable, or its process died).</summary>
/// <param name="Time">When it was removed.</param>
/// <param name="ExecutorId">Its id.</param>
/// <param name="Reason">Why.</param>
public sealed record ExecutorRemoved(DateTimeOffset Time, string ExecutorId, string Reason) : ListenerEvent(Time);

/// <summary>The driver's environment at start (Spark's <c>SparkListenerEnvironmentUpdate</c>), for the Environment page of a finished application.</summary>
/// <param name="Time">When it was taken.</param>
/// <param name="Runtime">Versions, the master URL, the application id.</param>
/// <param name="Properties">The effective configuration as [key, value] pairs, secrets masked.</param>
public sealed record EnvironmentUpdated(DateTimeOffset Time, IReadOnlyDictionary<string, string> Runtime, IReadOnlyList<string[]> Properties) : ListenerEvent(Time);
