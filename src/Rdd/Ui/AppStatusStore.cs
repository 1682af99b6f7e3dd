using ActorNet.Rdd.Events;
using ActorNet.Rdd.Storage;

namespace ActorNet.Rdd.Ui;

/// <summary>
/// The driver's live state for the UI, the REST API and the metrics (Spark's <c>AppStatusListener</c> and its store):
/// built from the listener bus's events on the bus's thread, read by HTTP requests under the same lock. Keeps the
/// latest <see cref="RetainedJobs"/> jobs and stages, as Spark's spark.ui.retainedJobs does.
/// </summary>
internal sealed class AppStatusStore : IClusterListener
{
    public const int RetainedJobs = 1000;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, JobState> _jobs = [];
    private readonly SortedDictionary<(int Id, int Attempt), StageState> _stages = [];
    private readonly Dictionary<string, ExecutorState> _executors = [];
    // Running attempts: where they run and their stage attempt, for the active counts.
    private readonly Dictionary<long, (string ExecutorId, (int Id, int Attempt) Stage)> _runningTasks = [];
    private readonly List<TrainingRound> _rounds = [];
    private readonly List<string> _recoveries = [], _checkpoints = [];
    private TrainingRun? _training;
    private long _tasksCompleted, _tasksFailed, _shuffleBytesWritten, _shuffleBytesRead;

    // What the event log says of cached blocks and the cluster (the history server's Storage and Executors pages; a
    // live driver asks its block manager master and Akka.Cluster instead).
    private readonly SortedDictionary<int, RddPersisted> _rdds = [];
    private readonly Dictionary<(int RddId, int Partition), Dictionary<string, (long Memory, long Disk)>> _blocks = [];
    private IReadOnlyList<ClusterMember> _members = [];

    public DateTimeOffset? StartTime { get; private set; }

    public DateTimeOffset? EndTime { get; private set; }

    public string AppId { get; private set; } = "";

    public string AppName { get; private set; } = "";

    public string Master { get; private set; } = "";

    /// <summary>The environment the driver reported at start (what a history server shows), or null.</summary>
    public EnvironmentInfo? Environment { get; private set; }

    public long TasksCompleted => Interlocked.Read(ref _tasksCompleted);

    public long TasksFailed => Interlocked.Read(ref _tasksFailed);

    public long ShuffleBytesWritten => Interlocked.Read(ref _shuffleBytesWritten);

    public long ShuffleBytesRead => Interlocked.Read(ref _shuffleBytesRead);

    public void OnEvent(ListenerEvent e)
    {
        lock (_gate)
        {
            switch (e)
            {
                case ApplicationStarted a:
                    (StartTime, AppId, AppName, Master) = (a.Time, a.AppId, a.AppName, a.Master);
                    break;
                case ApplicationEnded a:
                    EndTime = a.Time;
                    break;
                case EnvironmentUpdated env:
                    Environment = new EnvironmentInfo(env.Runtime, env.Properties);
                    break;
                case JobStarted j:
                    _jobs[j.JobId] = new JobState(j);
                    Trim(_jobs, s => s.Completion is not null);
                    break;
                case JobEnded j when _jobs.TryGetValue(j.JobId, out var job):
                    (job.Completion, job.Succeeded, job.Error) = (j.Time, j.Succeeded, j.Error);
                    break;
                case StageSubmitted s:
                    _stages[(s.StageId, s.Attempt)] = new StageState(s);
                    Trim(_stages, st => st.Completion is not null);
                    foreach (var id in s.JobIds)
                        if (_jobs.TryGetValue(id, out var job)) job.NumTasks += s.NumTasks;
                    break;
                case StageCompleted s when _stages.TryGetValue((s.StageId, s.Attempt), out var stage):
                    (stage.Completion, stage.FailureReason) = (s.Time, s.FailureReason);
                    break;
                case TaskStarted t:
                    OnTaskStarted(t);
                    break;
                case TaskEnded t:
                    OnTaskEnded(t);
                    break;
                case ExecutorAdded x:
                    _executors[x.ExecutorId] = new ExecutorState(x);
                    break;
                case ExecutorRemoved x:
                    OnExecutorRemoved(x);
                    break;
                case TrainingStarted t:
                    _training = new TrainingRun(t.Mode, t.Workers, t.StepsPerRound, t.LearningRate, t.BatchSize, t.Rounds, t.Time);
                    _rounds.Clear();
                    break;
                case TrainingRoundEnded r:
                    _rounds.Add(new TrainingRound(r.Round, r.Seconds, r.Loss, r.TestAccuracy, r.ImagesPerSecond, r.Workers));
                    break;
                case TrainingRecovered r:
                    _recoveries.Add($"round {r.FailedRound} failed ({r.Reason}); training went on from round {r.RestartRound}");
                    break;
                case TrainingCheckpointWritten c:
                    _checkpoints.Add($"round {c.Round}: {c.Directory}");
                    break;
                case RddPersisted r:
                    _rdds[r.RddId] = r;
                    break;
                case RddUnpersisted r:
                    _rdds.Remove(r.RddId);
                    foreach (var key in _blocks.Keys.Where(k => k.RddId == r.RddId).ToArray()) _blocks.Remove(key);
                    break;
                case BlockUpdated b:
                    OnBlockUpdated(b);
                    break;
                case ClusterMembersUpdated m:
                    _members = [.. m.Members.Select(x => new ClusterMember(x.Address, x.Roles, x.Status, x.Reachable))];
                    break;
            }
        }
    }

    private void OnTaskStarted(TaskStarted t)
    {
        _runningTasks[t.TaskId] = (t.ExecutorId, (t.StageId, t.StageAttempt));
        if (_executors.TryGetValue(t.ExecutorId, out var executor)) executor.Active++;
        if (_stages.TryGetValue((t.StageId, t.StageAttempt), out var stage))
        {
            stage.Active++;
            foreach (var id in stage.Submitted.JobIds)
                if (_jobs.TryGetValue(id, out var job)) job.Active++;
        }
    }

    // The scheduler forgets the attempts that ran on a lost executor without ending them (they run again elsewhere).
    private void OnExecutorRemoved(ExecutorRemoved x)
    {
        if (_executors.TryGetValue(x.ExecutorId, out var executor))
            (executor.Removed, executor.RemoveReason, executor.Active) = (x.Time, x.Reason, 0);
        foreach (var (taskId, run) in _runningTasks.Where(r => r.Value.ExecutorId == x.ExecutorId).ToArray())
        {
            _runningTasks.Remove(taskId);
            if (!_stages.TryGetValue(run.Stage, out var stage)) continue;
            stage.Active--;
            foreach (var id in stage.Submitted.JobIds)
                if (_jobs.TryGetValue(id, out var job)) job.Active--;
        }
    }

    private void OnTaskEnded(TaskEnded t)
    {
        bool wasRunning = _runningTasks.Remove(t.TaskId);
        bool failed = t.Reason is "ExceptionFailure" or "FetchFailed";
        bool killed = t.Reason == "TaskKilled";
        if (t.Successful) Interlocked.Increment(ref _tasksCompleted);
        if (failed) Interlocked.Increment(ref _tasksFailed);
        Interlocked.Add(ref _shuffleBytesWritten, t.ShuffleBytesWritten);
        Interlocked.Add(ref _shuffleBytesRead, t.ShuffleReadBytes);
        if (_executors.TryGetValue(t.ExecutorId, out var executor))
        {
            if (wasRunning) executor.Active--;
            if (t.Successful) executor.Completed++;
            if (failed) executor.Failed++;
            executor.ShuffleWrite += t.ShuffleBytesWritten;
            executor.ShuffleRead += t.ShuffleReadBytes;
            executor.RunTimeMicros += t.RunTimeMicros;
        }
        if (!_stages.TryGetValue((t.StageId, t.StageAttempt), out var stage)) return;
        if (wasRunning) stage.Active--;
        if (t.Successful) stage.Completed++;
        if (failed) stage.Failed++;
        if (killed) stage.Killed++;
        stage.ShuffleWrite += t.ShuffleBytesWritten;
        stage.ShuffleWriteRecords += t.ShuffleWriteRecords;
        stage.ShuffleRead += t.ShuffleReadBytes;
        stage.ShuffleReadRecords += t.ShuffleReadRecords;
        stage.RunTimeMicros += t.RunTimeMicros;
        if (failed && t.Error is not null && stage.TaskFailures.Count < 20) stage.TaskFailures.Add($"task {t.TaskId} on executor {t.ExecutorId}: {t.Error}");
        foreach (var id in stage.Submitted.JobIds)
        {
            if (!_jobs.TryGetValue(id, out var job)) continue;
            if (wasRunning) job.Active--;
            if (t.Successful) job.Completed++;
            if (failed) job.Failed++;
            if (killed) job.Killed++;
        }
    }

    private void OnBlockUpdated(BlockUpdated b)
    {
        var key = (b.RddId, b.Partition);
        if (b.MemorySize == 0 && b.DiskSize == 0)
        {
            if (_blocks.TryGetValue(key, out var holders) && holders.Remove(b.ExecutorId) && holders.Count == 0) _blocks.Remove(key);
            return;
        }
        if (!_blocks.TryGetValue(key, out var h)) _blocks[key] = h = [];
        h[b.ExecutorId] = (b.MemorySize, b.DiskSize);
    }

    private static void Trim<TKey, TValue>(SortedDictionary<TKey, TValue> items, Func<TValue, bool> finished) where TKey : notnull
    {
        if (items.Count <= RetainedJobs) return;
        foreach (var (key, _) in items.Where(kv => finished(kv.Value)).Take(items.Count - RetainedJobs).ToArray()) items.Remove(key);
    }

    public IReadOnlyList<JobData> Jobs()
    {
        lock (_gate)
            return [.. _jobs.Values.Reverse().Select(j =>
            {
                var stages = j.Started.StageIds.Select(id => _stages.Where(s => s.Key.Id == id).Select(s => s.Value).LastOrDefault()).ToArray();
                return new JobData(j.Started.JobId, j.Started.Name, j.Started.JobGroup,
                    j.Completion is null ? "RUNNING" : j.Succeeded ? "SUCCEEDED" : "FAILED", j.Started.StageIds, j.Started.Time, j.Completion,
                    j.NumTasks, j.Active, j.Completed, j.Failed, j.Killed,
                    stages.Count(s => s is { Completion: null }), stages.Count(s => s is { Completion: not null, FailureReason: null }),
                    stages.Count(s => s is { FailureReason: not null }), j.Error, j.Started.Lineage);
            })];
    }

    public IReadOnlyList<StageData> Stages()
    {
        lock (_gate)
            return [.. _stages.Values.Reverse().Select(s => new StageData(s.Submitted.StageId, s.Submitted.Attempt, s.Submitted.Name,
                s.Completion is null ? "ACTIVE" : s.FailureReason is null ? "COMPLETE" : "FAILED", s.Submitted.JobIds, s.Submitted.RddId,
                s.Submitted.IsShuffleMap, s.Submitted.NumTasks, s.Active, s.Completed, s.Failed, s.Killed, s.Submitted.Time, s.Completion,
                s.RunTimeMicros / 1000, s.ShuffleRead, s.ShuffleReadRecords, s.ShuffleWrite, s.ShuffleWriteRecords, s.FailureReason, [.. s.TaskFailures]))];
    }

    public IReadOnlyList<ExecutorSummary> Executors(Func<string, (int Blocks, long Memory, long Disk)> storage)
    {
        lock (_gate)
            return [.. _executors.Values.Select(x =>
            {
                var (blocks, memory, disk) = storage(x.Added.ExecutorId);
                return new ExecutorSummary(x.Added.ExecutorId, x.Added.Host, x.Removed is null, x.Added.Cores, x.Active, x.Completed, x.Failed,
                    x.Active + x.Completed + x.Failed, x.RunTimeMicros / 1000, x.ShuffleRead, x.ShuffleWrite, blocks, memory, disk, x.Added.Time, x.Removed,
                    x.RemoveReason);
            })];
    }

    /// <summary>Cached blocks an executor held, as the event log tells it: their count and bytes in memory and on disk.</summary>
    public (int Blocks, long Memory, long Disk) LoggedExecutorStorage(string executorId)
    {
        lock (_gate) return BlockManagerMaster.ExecutorTotals(_blocks.Values, executorId);
    }

    /// <summary>Persisted RDDs and what of them was cached, as the event log tells it.</summary>
    public IReadOnlyList<RddStorageInfo> LoggedStorage()
    {
        lock (_gate)
            return [.. _rdds.Values.Select(r =>
            {
                var blocks = _blocks.Where(b => b.Key.RddId == r.RddId).Select(b => b.Value).ToArray();
                return new RddStorageInfo(r.RddId, r.Name, r.NumPartitions, blocks.Length, r.StorageLevel,
                    blocks.Sum(h => h.Values.Sum(v => v.Memory)), blocks.Sum(h => h.Values.Sum(v => v.Disk)));
            })];
    }

    /// <summary>The cluster's members as last logged.</summary>
    public IReadOnlyList<ClusterMember> LoggedMembers()
    {
        lock (_gate) return _members;
    }

    public TrainingSummary Training()
    {
        lock (_gate) return new TrainingSummary(_training, [.. _rounds], [.. _recoveries], [.. _checkpoints]);
    }

    public TrainingRound? LastRound()
    {
        lock (_gate) return _rounds.Count == 0 ? null : _rounds[^1];
    }

    private sealed class JobState(JobStarted started)
    {
        public JobStarted Started { get; } = started;
        public DateTimeOffset? Completion { get; set; }
        public bool Succeeded { get; set; }
        public string? Error { get; set; }
        public int NumTasks { get; set; }
        public int Active { get; set; }
        public int Completed { get; set; }
        public int Failed { get; set; }
        public int Killed { get; set; }
    }

    private sealed class StageState(StageSubmitted submitted)
    {
        public StageSubmitted Submitted { get; } = submitted;
        public DateTimeOffset? Completion { get; set; }
        public string? FailureReason { get; set; }
        public int Active { get; set; }
        public int Completed { get; set; }
        public int Failed { get; set; }
        public int Killed { get; set; }
        public long ShuffleWrite { get; set; }
        public long ShuffleWriteRecords { get; set; }
        public long ShuffleRead { get; set; }
        public long ShuffleReadRecords { get; set; }
        public long RunTimeMicros { get; set; }
        public List<string> TaskFailures { get; } = [];
    }

    private sealed class ExecutorState(ExecutorAdded added)
    {
        public ExecutorAdded Added { get; } = added;
        public DateTimeOffset? Removed { get; set; }
        public string? RemoveReason { get; set; }
        public int Active { get; set; }
        public int Completed { get; set; }
        public int Failed { get; set; }
        public long ShuffleWrite { get; set; }
        public long ShuffleRead { get; set; }
        public long RunTimeMicros { get; set; }
    }
}
