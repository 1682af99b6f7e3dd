using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd;

/// <summary>
/// Information about the task running the current code (Spark's <c>TaskContext</c>); <see cref="Get"/>
/// returns it inside an operator's function and null on the driver.
/// </summary>
public sealed class TaskContext
{
    // The task that the current thread (and the work it starts) runs for.
    private static readonly AsyncLocal<TaskContext?> Current = new();

    // Task-local copies of accumulators, by accumulator id: merged on the driver only if the task succeeds.
    private readonly Dictionary<long, IAccumulator> _accumulators = [];

    // Signalled when the driver kills the task (job cancelled, task set aborted).
    private readonly CancellationTokenSource _kill = new();

    internal TaskContext(int stageId, int stageAttempt, int partitionId, int attemptNumber, long taskAttemptId, RddEnv env)
    {
        StageId = stageId;
        StageAttemptNumber = stageAttempt;
        PartitionId = partitionId;
        AttemptNumber = attemptNumber;
        TaskAttemptId = taskAttemptId;
        Env = env;
    }

    /// <summary>The context of the task running on this thread, or null outside tasks.</summary>
    public static TaskContext? Get() => Current.Value;

    /// <summary>The stage the task belongs to.</summary>
    public int StageId { get; }

    /// <summary>How many times the stage was attempted before this attempt (0 for the first).</summary>
    public int StageAttemptNumber { get; }

    /// <summary>The partition of the stage's RDD this task computes.</summary>
    public int PartitionId { get; }

    /// <summary>How many times this task was attempted before (0 for the first attempt).</summary>
    public int AttemptNumber { get; }

    /// <summary>An id unique to this attempt within the application.</summary>
    public long TaskAttemptId { get; }

    /// <summary>True once the task has been killed; long-running user code may poll it.</summary>
    public bool IsInterrupted => _kill.IsCancellationRequested;

    /// <summary>Cancelled when the task is killed.</summary>
    public CancellationToken CancellationToken => _kill.Token;

    /// <summary>
    /// The actor system of the node this task runs on (a worker's, or in local mode the context's
    /// <see cref="ClusterContext.NodeSystem"/>): tasks use it to reach cluster services such as the sharded vector store.
    /// </summary>
    public Akka.Actor.ActorSystem NodeSystem => Env.NodeSystem();

    internal RddEnv Env { get; }

    /// <summary>The shuffle bytes and records this attempt read and wrote so far, reported with its end.</summary>
    internal TaskMetricsRecorder Metrics { get; } = new();

    internal static IDisposable Enter(TaskContext context)
    {
        var previous = Current.Value;
        Current.Value = context;
        return new Restore(previous);
    }

    internal void Kill() => _kill.Cancel();

    internal void ThrowIfInterrupted()
    {
        if (_kill.IsCancellationRequested) throw new TaskKilledException();
    }

    /// <summary>
    /// Stops the iteration with <see cref="TaskKilledException"/> at the next element once the task is killed. A
    /// partition already in memory as an array (a cached block) is checked once and handed over as is, so actions
    /// such as Collect copy it in one block instead of element by element.
    /// </summary>
    internal IEnumerable<T> Interruptible<T>(IEnumerable<T> items)
    {
        if (items is T[] array)
        {
            ThrowIfInterrupted();
            return array;
        }
        return InterruptibleElements(items);
    }

    private IEnumerable<T> InterruptibleElements<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            ThrowIfInterrupted();
            yield return item;
        }
    }

    internal IAccumulator LocalCopy(IAccumulator driverSide)
    {
        lock (_accumulators)
        {
            if (!_accumulators.TryGetValue(driverSide.Id, out var copy))
            {
                copy = driverSide.CopyAndResetUntyped();
                _accumulators.Add(driverSide.Id, copy);
            }
            return copy;
        }
    }

    internal IReadOnlyList<IAccumulator> AccumulatorUpdates()
    {
        lock (_accumulators) return [.. _accumulators.Values];
    }

    private sealed class Restore(TaskContext? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>Thrown inside a task when it has been killed.</summary>
internal sealed class TaskKilledException() : OperationCanceledException("The task was killed.");
