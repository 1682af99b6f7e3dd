namespace ActorNet.Rdd.Scheduling;

/// <summary>An executor that can run tasks: its id, host and number of task slots.</summary>
internal sealed record ExecutorInfo(string ExecutorId, string Host, int Slots);

/// <summary>Receives the end of every task attempt that a backend launched.</summary>
internal interface ITaskStatusSink
{
    /// <summary>A task attempt ended; <paramref name="metrics"/> is what it did on its executor (null: not measured).</summary>
    void StatusUpdate(long taskId, TaskEndReason reason, TaskMetrics? metrics = null);

    /// <summary>
    /// A task attempt finished running and its end is on its way (a result too large for a message): its slot may take
    /// another task. The attempt stays running until its <see cref="StatusUpdate"/>, which then frees nothing more.
    /// </summary>
    void SlotReleased(long taskId);

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
