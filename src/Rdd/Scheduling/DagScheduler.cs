using System.Collections.Concurrent;
using ActorNet.Rdd.Shuffle;
using ActorNet.Rdd.Storage;

namespace ActorNet.Rdd.Scheduling;

/// <summary>
/// Turns jobs into stages (Spark's <c>DAGScheduler</c>): cuts the lineage at shuffle dependencies, submits
/// a stage once its parent stages' outputs exist (reusing shuffle outputs earlier jobs produced),
/// resubmits map stages whose outputs were lost, merges accumulator updates and completes or fails jobs.
/// All state is touched only by the event-loop thread, so handlers need no locks.
/// </summary>
internal sealed partial class DagScheduler : ITaskSchedulerListener, IDisposable
{
    private const int MaxFetchFailedAttempts = 4;

    // Events to handle on the loop thread, in order.
    private readonly BlockingCollection<Action> _events = [];
    private readonly Thread _loop;

    private readonly TaskSchedulerImpl _taskScheduler;
    private readonly MapOutputTracker _mapOutputs;
    private readonly BlockManagerMaster _blocks;
    private readonly Func<long, IAccumulator?> _accumulators;

    // Where job and stage events go (the UI's listeners); null: nobody listens.
    private readonly Events.ListenerBus? _bus;

    private readonly Dictionary<int, ActiveJob> _jobs = [];
    private readonly Dictionary<int, Stage> _stages = [];
    private readonly Dictionary<int, ShuffleMapStage> _shuffleStages = [];
    private readonly HashSet<Stage> _waiting = [];
    private readonly HashSet<Stage> _running = [];
    private readonly HashSet<Stage> _failed = [];
    private int _nextJobId;
    private int _nextStageId;

    // Why no job can run any more (the driver's node left the cluster), or null. Read and written on the loop thread.
    private string? _abandoned;

    public DagScheduler(TaskSchedulerImpl taskScheduler, MapOutputTracker mapOutputs, BlockManagerMaster blocks, Func<long, IAccumulator?> accumulators,
        Events.ListenerBus? bus = null)
    {
        _bus = bus;
        _taskScheduler = taskScheduler;
        _mapOutputs = mapOutputs;
        _blocks = blocks;
        _accumulators = accumulators;
        _loop = new Thread(RunLoop) { IsBackground = true, Name = "actornet-dag-scheduler-event-loop" };
        _loop.Start();
    }

    /// <summary>Submits a job and returns it; the caller waits on <see cref="ActiveJob.Completion"/>.</summary>
    public Task SubmitJob(IRdd rdd, Func<TaskContext, int, object?> func, int[] partitions, string? jobGroup, Action<int, object?> resultHandler)
    {
        var done = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var posted = Post(() =>
        {
            if (_abandoned is { } reason)
            {
                done.SetException(new RddJobException(reason));
                return;
            }
            var jobId = _nextJobId++;
            try
            {
                var stage = CreateResultStage(rdd, func, partitions, jobId);
                var job = new ActiveJob(jobId, stage, jobGroup, resultHandler);
                stage.Job = job;
                _jobs[jobId] = job;
                PostJobStarted(job, rdd);
                done.SetResult(job.Completion);
                if (CheckStagesBeforeRunning(stage) is { } notSerializable)
                {
                    FailJob(job, notSerializable);
                    return;
                }
                SubmitStage(stage);
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        if (!posted) done.TrySetException(new JobCancelledException("The ClusterContext was stopped before the job started."));
        return done.Task.Unwrap();
    }

    public void CancelJobGroup(string group) => Post(() =>
    {
        foreach (var job in _jobs.Values.Where(j => j.JobGroup == group).ToArray())
            FailJob(job, new JobCancelledException($"Job {job.JobId} cancelled as part of cancelled job group {group}"));
    });

    public void CancelAllJobs(string reason) => Post(() =>
    {
        foreach (var job in _jobs.Values.ToArray()) FailJob(job, new JobCancelledException($"Job {job.JobId} cancelled: {reason}"));
    });

    /// <summary>
    /// No job can run any more (the driver's node was downed or shut down): fails the running jobs and every later one with
    /// <paramref name="reason"/>, instead of leaving them waiting for task ends that will never come.
    /// </summary>
    public void Abandon(string reason) => Post(() =>
    {
        _abandoned = reason;
        foreach (var job in _jobs.Values.ToArray()) FailJob(job, new RddJobException($"Job {job.JobId} failed: {reason}"));
    });

    public void TaskEnded(SchedulerTask task, TaskEndReason reason) => Post(() => HandleTaskEnded(task, reason));

    public void TaskSetFailed(TaskSet set, string message, ExceptionFailure? lastFailure) => Post(() =>
    {
        if (_stages.TryGetValue(set.StageId, out var stage))
            AbortStage(stage, new RddJobException($"Job aborted due to stage failure: {message}", lastFailure?.ClassName, lastFailure?.Message, lastFailure?.FullStackTrace));
    });

    public void ExecutorLost(string executorId) => Post(() => HandleExecutorLost(executorId));

    public void Dispose()
    {
        using var stopped = new ManualResetEventSlim();
        var posted = Post(() =>
        {
            foreach (var job in _jobs.Values.ToArray()) FailJob(job, new JobCancelledException($"Job {job.JobId} cancelled because the ClusterContext was stopped"));
            stopped.Set();
        });
        if (posted) stopped.Wait();
        _events.CompleteAdding();
        if (_loop != Thread.CurrentThread) _loop.Join();
    }

    private bool Post(Action handler)
    {
        try
        {
            _events.Add(handler);
            return true;
        }
        catch (InvalidOperationException)
        {
            // The context is stopped: late task ends have nobody to inform.
            return false;
        }
    }

    private void RunLoop()
    {
        foreach (var handler in _events.GetConsumingEnumerable())
        {
            try
            {
                handler();
            }
            catch (Exception e)
            {
                // A bug in a handler must not stop the loop; fail what is running so callers are told.
                foreach (var job in _jobs.Values.ToArray()) FailJob(job, new RddJobException($"Internal scheduler error: {e}"));
            }
        }
    }
}
