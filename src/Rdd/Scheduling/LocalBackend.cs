using System.Collections.Concurrent;

namespace ActorNet.Rdd.Scheduling;

/// <summary>
/// Local mode (<c>local[N]</c>): one executor named "driver" inside the driver process with N task slots,
/// each a dedicated thread.
/// </summary>
internal sealed class LocalBackend : IExecutorBackend
{
    public const string DriverExecutorId = "driver";

    // Tasks waiting for a slot thread; the task scheduler never launches more than there are slots.
    private readonly BlockingCollection<TaskDescription> _queue = [];

    // The executor that runs tasks.
    private readonly Executor _executor;

    // The slot threads.
    private readonly Thread[] _threads;

    // Where task ends are reported; set by Start.
    private ITaskStatusSink? _sink;

    // Set by RunShippedCopies (tests): tasks run from their serialized form, as on a cluster executor.
    private volatile LocalTaskShipper? _shipper;

    public LocalBackend(RddEnv env, int slots)
    {
        _executor = new Executor(env);
        Executors = [new ExecutorInfo(DriverExecutorId, env.Host, slots)];
        _threads = new Thread[slots];
        for (var i = 0; i < slots; i++)
            _threads[i] = new Thread(RunSlot) { IsBackground = true, Name = $"actornet-task-slot-{i}" };
    }

    public IReadOnlyList<ExecutorInfo> Executors { get; }

    public void Start(ITaskStatusSink sink)
    {
        _sink = sink;
        foreach (var t in _threads) t.Start();
    }

    public void LaunchTask(TaskDescription task)
    {
        try
        {
            _queue.Add(task);
        }
        catch (InvalidOperationException)
        {
            // Stopped: a task launched while the context shut down is dropped; its job has already failed.
        }
    }

    public void KillTask(long taskId, string executorId, string reason) => _executor.Kill(taskId);

    /// <summary>
    /// From now on, runs each task rebuilt from its stage attempt's serialized binary and reports its end after a
    /// round trip through bytes — what an executor in another process does — over this process's environment, so
    /// shuffle files and cached blocks are shared with the driver. A test hook: it proves every RDD, function and
    /// result round-trips, at the cost of throughput.
    /// </summary>
    public void RunShippedCopies(string appId, string appName) => _shipper = new LocalTaskShipper(_executor, appId, appName);

    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var t in _threads)
            if (t.IsAlive && t != Thread.CurrentThread) t.Join(TimeSpan.FromSeconds(10));
    }

    private void RunSlot()
    {
        foreach (var task in _queue.GetConsumingEnumerable())
        {
            TaskMetrics metrics;
            var reason = _shipper is { } shipper ? shipper.Run(task, out metrics) : _executor.Run(task, out metrics);
            _sink!.StatusUpdate(task.TaskId, reason, metrics);
        }
    }
}
