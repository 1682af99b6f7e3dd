namespace ActorNet.Rdd.Scheduling;

/// <summary>
/// Assigns tasks to executor slots (Spark's <c>TaskSchedulerImpl</c>). Knows nothing of RDDs: it takes
/// task sets, offers free slots to them in FIFO order (lowest priority number first), retries a failed
/// task until it has failed <c>maxFailures</c> times, then aborts its task set.
/// <para>
/// With a queue-ahead (remote executors), an executor whose slots are all taken may also take up to
/// <c>queueAhead</c> tasks per slot from a task set whose tasks are short (<see cref="TaskSetManager.HasShortTasks"/>):
/// they wait in the executor's queue and start the moment a slot frees, instead of a task end's and a launch's trip
/// between executor and driver later (Dask's worker saturation does the same). The executor still runs no more tasks
/// at once than it has slots.
/// </para>
/// </summary>
internal sealed class TaskSchedulerImpl : ITaskStatusSink
{
    // Guards every field below; never held while calling the listener or the backend's slot threads back.
    private readonly Lock _gate = new();

    // Active task sets in priority order.
    private readonly List<TaskSetManager> _sets = [];

    // Every running attempt: its manager, task index and executor, and whether its slot was released before its end.
    private readonly Dictionary<long, (TaskSetManager Manager, int Index, int Attempt, string ExecutorId, bool Released)> _running = [];

    // Free slots per executor: below 0 while tasks wait in its queue.
    private readonly Dictionary<string, int> _freeSlots = [];

    // Per executor, how many tasks may wait in its queue beyond its slots (its slots times the queue-ahead).
    private readonly Dictionary<string, int> _queueLimit = [];

    // Executor hosts.
    private readonly Dictionary<string, string> _hosts = [];

    private readonly IExecutorBackend _backend;
    private readonly int _maxFailures;
    private readonly int _queueAhead;
    private readonly long _shortTaskMicros;

    // Where task and executor events go (the UI's listeners); posting never blocks. Null: nobody listens.
    private readonly Events.ListenerBus? _bus;
    private ITaskSchedulerListener? _listener;
    private long _nextTaskId;

    /// <param name="backend">Where tasks run.</param>
    /// <param name="maxFailures">Attempts of one task before its task set aborts.</param>
    /// <param name="bus">Where task and executor events go; null: nobody listens.</param>
    /// <param name="queueAhead">Tasks per slot an executor may hold queued for a set of short tasks; 0: none (Spark).</param>
    /// <param name="shortTask">A task set's tasks are short when their mean run time is under this.</param>
    public TaskSchedulerImpl(IExecutorBackend backend, int maxFailures, Events.ListenerBus? bus = null, int queueAhead = 0, TimeSpan shortTask = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queueAhead);
        _backend = backend;
        _maxFailures = maxFailures;
        _bus = bus;
        _queueAhead = queueAhead;
        _shortTaskMicros = (long)shortTask.TotalMicroseconds;
    }

    public int TotalSlots => _backend.Executors.Sum(e => e.Slots);

    public int ExecutorCount
    {
        get
        {
            lock (_gate) return _freeSlots.Count;
        }
    }

    public void Start(ITaskSchedulerListener listener)
    {
        _listener = listener;
        lock (_gate)
            foreach (var e in _backend.Executors) AddSlots(e);
        if (_bus is not null)
            foreach (var e in _backend.Executors) _bus.Post(new Events.ExecutorAdded(_bus.Now, e.ExecutorId, e.Host, e.Slots));
        _backend.Start(this);
    }

    public string HostOf(string executorId)
    {
        lock (_gate) return _hosts.GetValueOrDefault(executorId, executorId);
    }

    public void Submit(TaskSet set)
    {
        lock (_gate)
        {
            var manager = new TaskSetManager(set, _maxFailures);
            var at = _sets.FindIndex(m => m.Set.Priority > set.Priority || (m.Set.Priority == set.Priority && m.Set.StageId > set.StageId));
            _sets.Insert(at < 0 ? _sets.Count : at, manager);
        }
        LaunchOnFreeSlots();
    }

    /// <summary>Stops launching the stage's tasks and kills its running attempts.</summary>
    public void CancelTasks(int stageId, string reason)
    {
        var kills = new List<(long, string)>();
        lock (_gate)
        {
            foreach (var m in _sets.Where(m => m.Set.StageId == stageId))
            {
                m.IsZombie = true;
                kills.AddRange(m.Running.Select(r => (r.Key, r.Value)));
            }
            _sets.RemoveAll(m => m.IsFinished);
        }
        foreach (var (taskId, executor) in kills) _backend.KillTask(taskId, executor, reason);
    }

    public void StatusUpdate(long taskId, TaskEndReason reason, TaskMetrics? metrics = null)
    {
        SchedulerTask? ended = null;
        TaskSet? failedSet = null;
        string? abortMessage = null;
        ExceptionFailure? lastFailure = null;
        var kills = new List<(long, string)>();
        Events.TaskEnded? endEvent = null;
        lock (_gate)
        {
            if (_running.Remove(taskId, out var run))
            {
                if (!run.Released) _freeSlots[run.ExecutorId]++;
                var m = run.Manager;
                ended = m.Set.Tasks[run.Index];
                if (_bus is not null) endEvent = TaskEndEvent(_bus.Now, taskId, ended, run.ExecutorId, reason, metrics);
                switch (reason)
                {
                    case TaskSucceeded:
                        if (!m.Succeeded(taskId, run.Index, metrics)) ended = null;
                        break;
                    case ExceptionFailure failure:
                        abortMessage = m.Failed(taskId, run.Index, run.Attempt, run.ExecutorId, failure);
                        if (abortMessage is not null)
                        {
                            failedSet = m.Set;
                            lastFailure = failure;
                            kills.AddRange(m.Running.Select(r => (r.Key, r.Value)));
                        }
                        break;
                    case FetchFailed:
                        m.Ended(taskId);
                        m.IsZombie = true;
                        break;
                    default:
                        m.Ended(taskId);
                        break;
                }
                if (m.IsFinished) _sets.Remove(m);
            }
        }
        foreach (var (id, executor) in kills) _backend.KillTask(id, executor, "task set aborted");
        if (endEvent is not null) _bus!.Post(endEvent);
        if (ended is not null) _listener!.TaskEnded(ended, reason);
        if (failedSet is not null) _listener!.TaskSetFailed(failedSet, abortMessage!, lastFailure);
        LaunchOnFreeSlots();
    }

    public void SlotReleased(long taskId)
    {
        lock (_gate)
        {
            // An end that came first (it travels another way) already freed the slot.
            if (!_running.TryGetValue(taskId, out var run) || run.Released) return;
            _running[taskId] = run with { Released = true };
            _freeSlots[run.ExecutorId]++;
        }
        LaunchOnFreeSlots();
    }

    public void ExecutorAdded(ExecutorInfo executor)
    {
        lock (_gate) AddSlots(executor);
        _bus?.Post(new Events.ExecutorAdded(_bus.Now, executor.ExecutorId, executor.Host, executor.Slots));
        LaunchOnFreeSlots();
    }

    public void ExecutorLost(string executorId, string reason)
    {
        lock (_gate)
        {
            if (!_freeSlots.Remove(executorId)) return;
            _queueLimit.Remove(executorId);
            foreach (var (taskId, run) in _running.Where(r => r.Value.ExecutorId == executorId).ToArray())
            {
                _running.Remove(taskId);
                run.Manager.ExecutorLost(taskId, run.Index);
                if (run.Manager.IsFinished) _sets.Remove(run.Manager);
            }
        }
        _bus?.Post(new Events.ExecutorRemoved(_bus.Now, executorId, reason));
        _listener!.ExecutorLost(executorId);
        LaunchOnFreeSlots();
    }

    private void AddSlots(ExecutorInfo executor)
    {
        _freeSlots[executor.ExecutorId] = executor.Slots;
        _queueLimit[executor.ExecutorId] = executor.Slots * _queueAhead;
        _hosts[executor.ExecutorId] = executor.Host;
    }

    private void LaunchOnFreeSlots()
    {
        var launches = new List<TaskDescription>();
        lock (_gate)
        {
            var live = _freeSlots.Keys.ToArray();
            foreach (var executor in live)
            {
                // A free slot takes a task of any set; past its slots, the executor's queue takes tasks of short sets, but
                // none ahead of a set before them whose long tasks wait: the executor's next free slot is theirs.
                while (_freeSlots[executor] > -_queueLimit[executor])
                {
                    var queued = _freeSlots[executor] <= 0;
                    var launched = false;
                    foreach (var m in _sets)
                    {
                        if (queued && !m.HasShortTasks(_shortTaskMicros, ShortTaskSamples))
                        {
                            if (m.HasWaitingTasks) break;
                            continue;
                        }
                        var taskId = _nextTaskId;
                        if (m.Offer(executor, _hosts[executor], taskId, live) is not { } offer) continue;
                        _nextTaskId++;
                        _running[taskId] = (m, offer.Index, offer.Attempt, executor, false);
                        _freeSlots[executor]--;
                        launches.Add(new TaskDescription(taskId, offer.Attempt, executor, m.Set.Tasks[offer.Index]));
                        launched = true;
                        break;
                    }
                    if (!launched) break;
                }
            }
        }
        if (_bus is not null)
        {
            var now = _bus.Now;
            foreach (var l in launches)
                _bus.Post(new Events.TaskStarted(now, l.TaskId, l.Task.StageId, l.Task.StageAttempt, l.Task.PartitionId, l.AttemptNumber, l.ExecutorId));
        }
        foreach (var launch in launches) _backend.LaunchTask(launch);
    }

    // Successful tasks a set needs before its mean run time counts (a first wave of one per slot, roughly).
    private const int ShortTaskSamples = 4;

    private static Events.TaskEnded TaskEndEvent(DateTimeOffset now, long taskId, SchedulerTask task, string executorId, TaskEndReason reason, TaskMetrics? metrics)
    {
        var (name, error) = reason switch
        {
            TaskSucceeded => ("Success", null),
            ExceptionFailure f => ("ExceptionFailure", $"{f.ClassName}: {f.Message}"),
            FetchFailed f => ("FetchFailed", f.Message),
            TaskKilled k => ("TaskKilled", k.Reason),
            _ => (reason.GetType().Name, (string?)null),
        };
        // An end without metrics (a backend that does not measure) still shows the bytes its map output says it wrote.
        var m = metrics ?? (reason is TaskSucceeded { Value: Shuffle.MapStatus status } ? TaskMetrics.None with { ShuffleWriteBytes = status.PartitionSizes.Sum() } : TaskMetrics.None);
        return new(now, taskId, task.StageId, task.StageAttempt, executorId, name, error, m.ShuffleWriteBytes)
        {
            ShuffleWriteRecords = m.ShuffleWriteRecords,
            ShuffleReadBytes = m.ShuffleReadBytes,
            ShuffleReadRecords = m.ShuffleReadRecords,
            RunTimeMicros = m.RunTimeMicros,
        };
    }
}
