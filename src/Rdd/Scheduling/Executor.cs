using ActorNet.Rdd.Shuffle;

namespace ActorNet.Rdd.Scheduling;

/// <summary>
/// Runs task attempts on the calling thread with a fresh <see cref="TaskContext"/> and turns whatever
/// happens into a <see cref="TaskEndReason"/>. Shared by the local backend and (later) worker executors.
/// </summary>
internal sealed class Executor(RddEnv env)
{
    // Contexts of the attempts running now, so that KillTask can reach them.
    private readonly Dictionary<long, TaskContext> _running = [];

    public string ExecutorId => env.ExecutorId;

    /// <summary>The environment the executor's tasks run in.</summary>
    public RddEnv Env => env;

    public TaskEndReason Run(TaskDescription description) => Run(description, out _);

    /// <summary>Runs the attempt; <paramref name="metrics"/> is what it did (run time, shuffle reads and writes), whatever its end.</summary>
    public TaskEndReason Run(TaskDescription description, out TaskMetrics metrics)
    {
        var task = description.Task;
        var context = new TaskContext(task.StageId, task.StageAttempt, task.PartitionId, description.AttemptNumber, description.TaskId, env);
        lock (_running) _running[description.TaskId] = context;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            using var _ = TaskContext.Enter(context);
            var value = task.Run(context);
            metrics = context.Metrics.Snapshot(clock.Elapsed);
            return new TaskSucceeded(value, context.AccumulatorUpdates());
        }
        catch (FetchFailedException f)
        {
            metrics = context.Metrics.Snapshot(clock.Elapsed);
            return new FetchFailed(f.ShuffleId, f.MapId, f.ReduceId, f.ExecutorId, f.Message);
        }
        catch (OperationCanceledException) when (context.IsInterrupted)
        {
            metrics = context.Metrics.Snapshot(clock.Elapsed);
            return new TaskKilled("killed by the driver");
        }
        catch (Exception e)
        {
            metrics = context.Metrics.Snapshot(clock.Elapsed);
            return new ExceptionFailure(e.GetType().FullName ?? e.GetType().Name, e.Message, e.ToString());
        }
        finally
        {
            lock (_running) _running.Remove(description.TaskId);
        }
    }

    public void Kill(long taskId)
    {
        TaskContext? context;
        lock (_running) _running.TryGetValue(taskId, out context);
        context?.Kill();
    }
}
