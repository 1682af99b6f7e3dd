namespace ActorNet.Rdd.Scheduling;

/// <summary>The missing tasks of one stage attempt, submitted together. Lower job id runs first (FIFO).</summary>
internal sealed record TaskSet(IReadOnlyList<SchedulerTask> Tasks, int StageId, int StageAttempt, int Priority)
{
    public string Name => $"{StageId}.{StageAttempt}";
}
