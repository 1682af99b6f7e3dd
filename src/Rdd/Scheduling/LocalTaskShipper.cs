using System.Runtime.CompilerServices;
using ActorNet.Rdd.Closures;

namespace ActorNet.Rdd.Scheduling;

/// <summary>
/// Runs tasks the way a cluster executor does, inside this process: each stage attempt's binary is read back once
/// (through <see cref="ExecutorClosureHandles"/> and an executor-side context over the same <see cref="RddEnv"/>),
/// each task is rebuilt with <see cref="TaskBinary.CreateTask"/>, and its end goes through
/// <see cref="TaskBinary.SerializeEnd(TaskEndReason, IRddSerializer?)"/> and back. Used by <see cref="LocalBackend.RunShippedCopies"/>.
/// </summary>
internal sealed class LocalTaskShipper(Executor executor, string appId, string appName)
{
    private readonly ClusterContext _executorContext = ClusterContext.ForExecutor(executor.Env, appId, appName);

    // Read-back shared parts by binary (one per stage attempt), as an executor caches them; weak so that finished
    // stages' objects are collected.
    private readonly ConditionalWeakTable<SerializedTaskBinary, object> _shared = new();

    // Task ends are read on the "driver": accumulator updates arrive by value, so no handle is resolved.
    private readonly InProcessClosureHandles _driverHandles = new();

    public TaskEndReason Run(TaskDescription description, out TaskMetrics metrics)
    {
        metrics = TaskMetrics.None;
        var task = description.Task;
        SchedulerTask rebuilt;
        try
        {
            var bytes = TaskBinary.SerializeShared(task, out _);
            var binary = task.Binary!;
            var shared = _shared.GetValue(binary, b => TaskBinary.DeserializeShared(bytes, null,
                new ExecutorClosureHandles(_executorContext, (type, id) => b.Broadcasts.TryGetValue(id, out var broadcast)
                    ? broadcast
                    : throw new InvalidOperationException($"Broadcast({id}) of type {type} is not referenced by the task binary."))));
            rebuilt = TaskBinary.CreateTask(shared, task.StageId, task.StageAttempt, task.PartitionId, (task as ResultTask)?.OutputId ?? -1);
        }
        catch (Exception e)
        {
            // Spark reports a task that cannot be deserialized on the executor as the task's failure.
            return new ExceptionFailure(e.GetType().FullName ?? e.GetType().Name, $"Task deserialization failed: {e.Message}", e.ToString());
        }
        var end = executor.Run(description with { Task = rebuilt }, out metrics);
        try
        {
            return TaskBinary.DeserializeEnd(TaskBinary.SerializeEnd(end, executor.Env.Serializer), null, _driverHandles, executor.Env.Serializer);
        }
        catch (Exception e)
        {
            return new ExceptionFailure(e.GetType().FullName ?? e.GetType().Name, $"Task result serialization failed: {e.Message}", e.ToString());
        }
    }
}
