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

    public TaskEndReason Run(TaskDescription description)
    {
        var task = description.Task;
        var context = new TaskContext(task.StageId, task.StageAttempt, task.PartitionId, description.AttemptNumber, description.TaskId, env);
        lock (_running) _running[description.TaskId] = context;
        try
        {
            using var _ = TaskContext.Enter(context);
            var value = task.Run(context);
            return new TaskSucceeded(value, context.AccumulatorUpdates());
        }
        catch (FetchFailedException f)
        {
            return new FetchFailed(f.ShuffleId, f.MapId, f.ReduceId, f.ExecutorId, f.Message);
        }
        catch (OperationCanceledException) when (context.IsInterrupted)
        {
            return new TaskKilled("killed by the driver");
        }
        catch (Exception e)
        {
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
