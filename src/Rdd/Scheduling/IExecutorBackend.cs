namespace ActorNet.Rdd.Scheduling;

/// <summary>An executor that can run tasks: its id, host and number of task slots.</summary>
internal sealed record ExecutorInfo(string ExecutorId, string Host, int Slots);

/// <summary>Receives the end of every task attempt that a backend launched.</summary>
internal interface ITaskStatusSink
{
    /// <summary>A task attempt ended; <paramref name="metrics"/> is what it did on its executor (null: not measured).</summary>
    void StatusUpdate(long taskId, TaskEndReason reason, TaskMetrics? metrics = null);

    /// <summary>An executor joined at run time (a cluster worker registered the application).</summary>
    void ExecutorAdded(ExecutorInfo executor);

    /// <summary>An executor is gone (its node left or became unreachable, its process died): its tasks and outputs are lost.</summary>
    void ExecutorLost(string executorId, string reason);
}

/// <summary>
/// Where tasks run. The local backend runs them on threads of this process; the cluster backend (with the
/// actor runtime) ships them to executors on worker nodes. The task scheduler only sees this interface.
/// </summary>
internal interface IExecutorBackend : IDisposable
{
    IReadOnlyList<ExecutorInfo> Executors { get; }

    void Start(ITaskStatusSink sink);

    void LaunchTask(TaskDescription task);

    void KillTask(long taskId, string executorId, string reason);
}
