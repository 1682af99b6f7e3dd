namespace ActorNet.Rdd.Scheduling;

/// <summary>
/// Tracks one task set inside the task scheduler: which tasks wait, run, succeeded, how often each
/// failed; picks the best waiting task for a free slot (its cached data's executor first, then its host,
/// then a task without preference, then any). A task that failed on an executor is not offered to it again while a
/// live executor remains where it has not failed (Spark's per-task exclusion): a worker whose disk is full fails fast
/// and frees its slot first, and would otherwise take every retry until the job fails. Not thread-safe: the task
/// scheduler's lock guards it.
/// </summary>
internal sealed class TaskSetManager
{
    // Waiting task indices by preferred executor and host, without preference, and all of them; an index
    // appears in several queues and is skipped where it is no longer waiting.
    private readonly Dictionary<string, Queue<int>> _byExecutor = [];
    private readonly Dictionary<string, Queue<int>> _byHost = [];
    private readonly Queue<int> _noPreference = new();
    private readonly Queue<int> _all = new();

    // Per task: waiting to launch, succeeded, failed attempts, attempts launched.
    private readonly bool[] _waiting;
    private readonly bool[] _succeeded;
    private readonly int[] _failures;
    private readonly int[] _attempts;

    // Per task: the executors its attempts failed on (null until one does); whether any task has failed at all.
    private readonly HashSet<string>?[] _failedOn;
    private bool _anyFailed;

    // Attempts running now: task id to executor id.
    private readonly Dictionary<long, string> _running = [];

    private readonly int _maxFailures;
    private int _numSucceeded;
    private int _numWaiting;

    // Run time of the successful attempts whose executors measured it (the scheduler's queue-ahead looks at it).
    private long _measuredMicros;
    private int _measured;

    public TaskSetManager(TaskSet set, int maxFailures)
    {
        Set = set;
        _maxFailures = maxFailures;
        var n = set.Tasks.Count;
        _waiting = new bool[n];
        _succeeded = new bool[n];
        _failures = new int[n];
        _attempts = new int[n];
        _failedOn = new HashSet<string>?[n];
        for (var i = 0; i < n; i++) AddWaiting(i);
    }

    public TaskSet Set { get; }

    /// <summary>No more tasks will be launched (all done, aborted, killed, or a fetch failed).</summary>
    public bool IsZombie { get; set; }

    public IReadOnlyDictionary<long, string> Running => _running;

    public bool IsFinished => IsZombie && _running.Count == 0;

    /// <summary>Some task waits for a slot.</summary>
    public bool HasWaitingTasks => !IsZombie && _numWaiting > 0;

    /// <summary>
    /// The best waiting task for a slot on <paramref name="executorId"/>, or null. A task that failed there waits for
    /// another of <paramref name="liveExecutors"/>, unless it has failed on all of them.
    /// </summary>
    public (int Index, int Attempt)? Offer(string executorId, string host, long taskId, IReadOnlyCollection<string> liveExecutors)
    {
        if (IsZombie) return null;
        var index = _anyFailed ? PickAvoidingFailures(executorId, host, liveExecutors) : Pick(executorId, host, allowed: null);
        if (index is not { } i) return null;
        _waiting[i] = false;
        _numWaiting--;
        _running[taskId] = executorId;
        return (i, _attempts[i]++);
    }

    private int? Pick(string executorId, string host, Func<int, bool>? allowed) =>
        Dequeue(_byExecutor.GetValueOrDefault(executorId), allowed) ?? Dequeue(_byHost.GetValueOrDefault(host), allowed)
        ?? Dequeue(_noPreference, allowed) ?? Dequeue(_all, allowed);

    // Apart from Pick, so that a task set without failures (the common case) allocates no closure per offer.
    private int? PickAvoidingFailures(string executorId, string host, IReadOnlyCollection<string> liveExecutors) =>
        Pick(executorId, host, i => _failedOn[i] is not { } failed || !failed.Contains(executorId) || liveExecutors.All(failed.Contains));

    /// <summary>
    /// True once at least <paramref name="samples"/> attempts have succeeded with run times measured by their executors,
    /// and their mean is under <paramref name="belowMicros"/>: the set's tasks are short enough that the round trip to
    /// the driver between two of them on a slot costs more than a task queued behind another could lose.
    /// </summary>
    public bool HasShortTasks(long belowMicros, int samples) => _measured >= samples && _measuredMicros < belowMicros * _measured;

    /// <summary>
    /// Records a success (with the run time its executor measured, when it did); false if another attempt of the task
    /// already succeeded.
    /// </summary>
    public bool Succeeded(long taskId, int index, TaskMetrics? metrics = null)
    {
        _running.Remove(taskId);
        if (metrics is not null)
        {
            _measuredMicros += metrics.RunTimeMicros;
            _measured++;
        }
        if (_succeeded[index]) return false;
        _succeeded[index] = true;
        if (++_numSucceeded == _succeeded.Length) IsZombie = true;
        return true;
    }

    /// <summary>Records a failed attempt; returns the abort message when the task has failed too often.</summary>
    public string? Failed(long taskId, int index, int attempt, string executorId, ExceptionFailure failure)
    {
        _running.Remove(taskId);
        if (_succeeded[index] || IsZombie) return null;
        (_failedOn[index] ??= []).Add(executorId);
        _anyFailed = true;
        if (++_failures[index] >= _maxFailures)
        {
            IsZombie = true;
            return $"Task {index} in stage {Set.Name} failed {_failures[index]} times, most recent failure: " +
                   $"Lost task {index}.{attempt} in stage {Set.Name} (TID {taskId}) (executor {executorId}): {failure.FullStackTrace}";
        }
        AddWaiting(index);
        return null;
    }

    public void Ended(long taskId) => _running.Remove(taskId);

    /// <summary>
    /// The attempt's executor was lost: the task waits again without counting a failure (Spark does not count
    /// executor loss toward max-failures, the task did nothing wrong).
    /// </summary>
    public void ExecutorLost(long taskId, int index)
    {
        _running.Remove(taskId);
        if (!_succeeded[index] && !IsZombie) AddWaiting(index);
    }

    private void AddWaiting(int index)
    {
        if (!_waiting[index]) _numWaiting++;
        _waiting[index] = true;
        var prefs = Set.Tasks[index].PreferredLocations;
        foreach (var loc in prefs)
        {
            if (loc.ExecutorId is { } e) Queue(_byExecutor, e).Enqueue(index);
            Queue(_byHost, loc.Host).Enqueue(index);
        }
        if (prefs.Count == 0) _noPreference.Enqueue(index);
        _all.Enqueue(index);
    }

    // The first waiting index the slot may take; indices no longer waiting are dropped, those it may not take are kept
    // in their order for other executors.
    private int? Dequeue(Queue<int>? queue, Func<int, bool>? allowed)
    {
        if (queue is null) return null;
        for (var left = queue.Count; left > 0 && queue.TryDequeue(out var i); left--)
        {
            if (!_waiting[i]) continue;
            if (allowed is null || allowed(i)) return i;
            queue.Enqueue(i);
        }
        return null;
    }

    private static Queue<int> Queue(Dictionary<string, Queue<int>> map, string key)
    {
        if (!map.TryGetValue(key, out var q)) map[key] = q = new Queue<int>();
        return q;
    }
}
