namespace ActorNet.Rdd;

/// <summary>
/// A job failed (Spark's <c>SparkException</c> "Job aborted due to stage failure"). When a task threw,
/// <see cref="TaskExceptionType"/>, <see cref="TaskExceptionMessage"/> and <see cref="TaskStackTrace"/>
/// describe the exception as the executor saw it.
/// </summary>
public sealed class RddJobException : Exception
{
    internal RddJobException(string message, string? taskExceptionType = null, string? taskExceptionMessage = null,
        string? taskStackTrace = null) : base(message)
    {
        TaskExceptionType = taskExceptionType;
        TaskExceptionMessage = taskExceptionMessage;
        TaskStackTrace = taskStackTrace;
    }

    /// <summary>Full name of the exception type thrown in the task, if a task threw.</summary>
    public string? TaskExceptionType { get; }

    /// <summary>The message of the exception thrown in the task.</summary>
    public string? TaskExceptionMessage { get; }

    /// <summary>The exception as text on the executor: type, message, stack trace and inner exceptions.</summary>
    public string? TaskStackTrace { get; }
}

/// <summary>A job was cancelled (<see cref="ClusterContext.CancelJobGroup"/>, <see cref="ClusterContext.CancelAllJobs"/>, Stop).</summary>
public sealed class JobCancelledException : OperationCanceledException
{
    internal JobCancelledException(string message) : base(message)
    {
    }
}
