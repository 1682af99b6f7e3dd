namespace ActorNet.Rdd.Scheduling;

/// <summary>What the task scheduler tells the DAG scheduler; called outside the task scheduler's lock.</summary>
internal interface ITaskSchedulerListener
{
    void TaskEnded(SchedulerTask task, TaskEndReason reason);

    void TaskSetFailed(TaskSet set, string message, ExceptionFailure? lastFailure);

    /// <summary>An executor was lost: the map outputs and cached blocks it held are gone.</summary>
    void ExecutorLost(string executorId);
}
