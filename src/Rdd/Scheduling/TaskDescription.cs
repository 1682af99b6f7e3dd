namespace ActorNet.Rdd.Scheduling;

/// <summary>A task attempt assigned to an executor: what the backend ships to it.</summary>
internal sealed record TaskDescription(long TaskId, int AttemptNumber, string ExecutorId, SchedulerTask Task);
