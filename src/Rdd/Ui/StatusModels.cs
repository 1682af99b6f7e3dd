namespace ActorNet.Rdd.Ui;

// The REST API's objects, with Spark's field names (api/v1, "REST API" in Spark's monitoring guide) where the concept
// exists; serialized camelCase, so JobId is "jobId".

internal sealed record ApplicationAttempt(DateTimeOffset StartTime, DateTimeOffset? EndTime, DateTimeOffset LastUpdated, long Duration, bool Completed);

internal sealed record ApplicationInfo(string Id, string Name, string Master, IReadOnlyList<ApplicationAttempt> Attempts);

internal sealed record JobData(int JobId, string Name, string? JobGroup, string Status, IReadOnlyList<int> StageIds, DateTimeOffset SubmissionTime,
    DateTimeOffset? CompletionTime, int NumTasks, int NumActiveTasks, int NumCompletedTasks, int NumFailedTasks, int NumKilledTasks,
    int NumActiveStages, int NumCompletedStages, int NumFailedStages, string? FailureReason, string Lineage);

internal sealed record StageData(int StageId, int AttemptId, string Name, string Status, IReadOnlyList<int> JobIds, int RddId, bool IsShuffleMap,
    int NumTasks, int NumActiveTasks, int NumCompleteTasks, int NumFailedTasks, int NumKilledTasks, DateTimeOffset? SubmissionTime,
    DateTimeOffset? CompletionTime, long ExecutorRunTime, long ShuffleReadBytes, long ShuffleReadRecords, long ShuffleWriteBytes, long ShuffleWriteRecords,
    string? FailureReason, IReadOnlyList<string> TaskFailures);

internal sealed record ExecutorSummary(string Id, string HostPort, bool IsActive, int TotalCores, int ActiveTasks, int CompletedTasks, int FailedTasks,
    int TotalTasks, long TotalDuration, long TotalShuffleRead, long TotalShuffleWrite, int RddBlocks, long MemoryUsed, long DiskUsed, DateTimeOffset AddTime,
    DateTimeOffset? RemoveTime, string? RemoveReason);

internal sealed record RddStorageInfo(int Id, string Name, int NumPartitions, int NumCachedPartitions, string StorageLevel, long MemoryUsed, long DiskUsed);

internal sealed record TrainingRound(int Round, double Seconds, double Loss, double? TestAccuracy, double ImagesPerSecond, int Workers);

internal sealed record TrainingRun(string Mode, int Workers, int StepsPerRound, double LearningRate, int BatchSize, int Rounds, DateTimeOffset StartTime);

internal sealed record TrainingSummary(TrainingRun? Run, IReadOnlyList<TrainingRound> Rounds, IReadOnlyList<string> Recoveries, IReadOnlyList<string> Checkpoints);

internal sealed record ClusterMember(string Address, IReadOnlyList<string> Roles, string Status, bool Reachable);

internal sealed record EnvironmentInfo(IReadOnlyDictionary<string, string> Runtime, IReadOnlyList<string[]> ActornetProperties);
