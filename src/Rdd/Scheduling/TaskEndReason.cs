namespace ActorNet.Rdd.Scheduling;

/// <summary>How a task attempt ended, as an executor reports it.</summary>
internal abstract record TaskEndReason;

/// <summary>The task's return value and its accumulator copies.</summary>
internal sealed record TaskSucceeded(object? Value, IReadOnlyList<IAccumulator> AccumulatorUpdates) : TaskEndReason;

/// <summary>User code threw: the exception's type, message and the executor-side text of it.</summary>
internal sealed record ExceptionFailure(string ClassName, string Message, string FullStackTrace) : TaskEndReason;

/// <summary>A reducer could not read a map output; the map stage must be recomputed.</summary>
internal sealed record FetchFailed(int ShuffleId, int MapId, int ReduceId, string? ExecutorId, string Message) : TaskEndReason;

/// <summary>The driver killed the task (job cancelled, task set aborted).</summary>
internal sealed record TaskKilled(string Reason) : TaskEndReason;
