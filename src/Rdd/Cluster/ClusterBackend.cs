using ActorNet.ControlPlane;
using ActorNet.Rdd.Closures;
using ActorNet.Rdd.Scheduling;
using ActorNet.Rdd.Shuffle;
using ActorNet.Rdd.Storage;
using Akka.Actor;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// The driver's executor backend on a cluster (Spark's <c>CoarseGrainedSchedulerBackend</c>): executors are the
/// worker members that registered the application; tasks go to them as <see cref="LaunchTask"/> messages naming
/// their stage attempt, whose shared part each executor fetches once from the driver's data plane. Owns the driver's
/// cluster node (and the local-cluster processes when it started them) and stops them on dispose.
/// </summary>
internal sealed class ClusterBackend : IExecutorBackend
{
    // Guards the executors; also the monitor WaitForExecutors waits on.
    private readonly object _gate = new();
    private readonly Dictionary<string, (ExecutorInfo Info, IActorRef Host, Coalescer<LaunchTask> Launches)> _executors = new(StringComparer.Ordinal);

    // Per executor, the stage attempts whose shared part went inline with a launch (see InlineBinaryLimit).
    private readonly Dictionary<string, HashSet<(int Stage, int Attempt)>> _inlined = new(StringComparer.Ordinal);

    // Shared parts up to this size travel inside the first LaunchTask of their stage attempt to each executor,
    // saving the executor two round trips per stage (what one-task jobs spend most of their time on).
    private const int InlineBinaryLimit = 32 << 10;
    private readonly string _appId;
    private readonly string _appName;
    private readonly Dictionary<string, string> _settings;
    private readonly MapOutputTracker _mapOutputs;
    private readonly BlockManagerMaster _blocks;
    private readonly IDisposable? _processes;
    private ITaskStatusSink? _sink;
    private IActorRef? _endpoint;

    public ClusterBackend(ClusterNode node, string appId, string appName, Dictionary<string, string> settings, MapOutputTracker mapOutputs,
        BlockManagerMaster blocks, IRddSerializer serializer, IClosureHandles handles, Func<long, (bool, object?)> broadcastValues, int broadcastBlockSize, IDisposable? processes)
    {
        Serializer = serializer;
        Node = node;
        _appId = appId;
        _appName = appName;
        _settings = settings;
        _mapOutputs = mapOutputs;
        _blocks = blocks;
        Handles = handles;
        _processes = processes;
        // Broadcast chunks (actornet.rdd.broadcast.block-size): few round trips, and a 100 MB value never held twice per request.
        Broadcasts = new BroadcastStore(broadcastValues, broadcastBlockSize);
    }

    /// <summary>The driver's cluster node (actor system and data plane).</summary>
    public ClusterNode Node { get; }

    public ActorSystem System => Node.System;

    public string AppId => _appId;

    public StageBinaries Stages { get; } = new();

    public BroadcastStore Broadcasts { get; }

    public IClosureHandles Handles { get; }

    /// <summary>The driver's data serializer, which task results are written with on the executors too.</summary>
    public IRddSerializer Serializer { get; }

    public IReadOnlyList<ExecutorInfo> Executors
    {
        get
        {
            lock (_gate) return [.. _executors.Values.Select(e => e.Info)];
        }
    }

    /// <summary>Completes once at least <c>n</c> executors registered (see <see cref="WaitForExecutors"/>).</summary>
    public bool WaitForExecutors(int n, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (_executors.Count < n)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, left);
            }
            return true;
        }
    }

    public void Start(ITaskStatusSink sink)
    {
        _sink = sink;
        Node.DataPlane.Register(DataPlaneProtocol.DriverService, new DriverBlocks(this));
        _endpoint = System.ActorOf(Props.Create(() => new DriverEndpoint(this)), $"rdd-driver-{_appId}");
    }

    public RegisterApplication Registration(IActorRef driver) => new(_appId, _appName, driver, Node.DataPlane.Address.ToString(), _settings);

    public bool HasExecutor(string executorId)
    {
        lock (_gate) return _executors.ContainsKey(executorId);
    }

    public void AddExecutor(ExecutorInfo info, IActorRef host)
    {
        lock (_gate)
        {
            _executors[info.ExecutorId] = (info, host,
                new Coalescer<LaunchTask>(batch => host.Tell(new LaunchTasks(batch), _endpoint), LaunchTasks.SizeOf, LaunchTasks.MaxBatchBytes));
            Monitor.PulseAll(_gate);
        }
        _sink!.ExecutorAdded(info);
    }

    public void RemoveExecutor(string executorId, string reason)
    {
        // Before Start (a process died while the context was being built) there is no scheduler to tell.
        if (_sink is null) return;
        lock (_gate)
        {
            if (!_executors.Remove(executorId)) return;
            _inlined.Remove(executorId);
        }
        _sink!.ExecutorLost(executorId, reason);
    }

    public void StatusUpdate(long taskId, TaskEndReason reason, TaskMetrics? metrics = null) => _sink!.StatusUpdate(taskId, reason, metrics);

    /// <summary>A task's end is on its way on the data plane; its slot is free now (<see cref="ITaskStatusSink.SlotReleased"/>).</summary>
    public void SlotReleased(long taskId) => _sink!.SlotReleased(taskId);

    /// <summary>A task end as an executor sent it (by Akka message or on the data plane): the serialized reason and the attempt's metrics.</summary>
    public void TaskEnded(long taskId, ArraySegment<byte> body, float[]? floatValue = null, TaskMetrics? metrics = null)
    {
        TaskEndReason reason;
        try
        {
            reason = TaskBinary.DeserializeEnd(body, null, Handles, Serializer, floatValue);
        }
        catch (Exception e)
        {
            reason = new ExceptionFailure(e.GetType().FullName ?? e.GetType().Name, $"The driver could not read the task's result: {e.Message}", e.ToString());
        }
        StatusUpdate(taskId, reason, metrics);
    }

    public void BlockUpdate(BlockUpdate update) =>
        _blocks.UpdateBlockInfo(update.ExecutorId, new BlockId(update.RddId, update.Partition), update.MemorySize, update.DiskSize);

    public MapStatuses MapStatuses(int shuffleId) =>
        new([.. (_mapOutputs.Snapshot(shuffleId) ?? []).Select(s => s is null ? null : new MapStatusWire(s.ExecutorId, s.Host, s.MapId, s.PartitionSizes))]);

    public void LaunchTask(TaskDescription task)
    {
        Coalescer<LaunchTask>? launches;
        lock (_gate) launches = _executors.TryGetValue(task.ExecutorId, out var e) ? e.Launches : null;
        // An executor lost between the scheduler's offer and this launch: the scheduler already put its tasks back.
        if (launches is null) return;
        byte[]? inline = null;
        string[]? assemblies = null;
        try
        {
            var (bytes, names) = Stages.For(task.Task);
            if (bytes.Length <= InlineBinaryLimit)
            {
                lock (_gate)
                {
                    if (!_inlined.TryGetValue(task.ExecutorId, out var sent)) _inlined[task.ExecutorId] = sent = [];
                    if (sent.Add((task.Task.StageId, task.Task.StageAttempt)))
                    {
                        (inline, assemblies) = (bytes, names);
                        if (sent.Count > 1024) sent.RemoveWhere(k => k.Stage < task.Task.StageId - 512);
                    }
                }
            }
        }
        catch (Exception e)
        {
            var failure = new ExceptionFailure(e.GetType().FullName ?? e.GetType().Name, e.Message, e.ToString());
            // Reported from another thread: the scheduler may be calling us while it launches more tasks.
            ThreadPool.QueueUserWorkItem(_ => _sink!.StatusUpdate(task.TaskId, failure));
            return;
        }
        var outputId = task.Task is ResultTask result ? result.OutputId : 0;
        launches.Add(new LaunchTask(_appId, task.TaskId, task.AttemptNumber, task.Task.StageId, task.Task.StageAttempt, task.Task.PartitionId, outputId,
            _mapOutputs.Epoch, inline, assemblies));
    }

    public void KillTask(long taskId, string executorId, string reason)
    {
        IActorRef? host;
        lock (_gate) host = _executors.TryGetValue(executorId, out var e) ? e.Host : null;
        host?.Tell(new KillTask(_appId, taskId), _endpoint);
    }

    /// <summary>Drops a broadcast's copies on every executor, and on the driver its serialized value when destroyed.</summary>
    public void ReleaseBroadcast(long id, bool destroy)
    {
        if (destroy) Broadcasts.Remove(id);
        foreach (var (_, host) in Snapshot()) host.Tell(new RemoveBroadcast(_appId, id), _endpoint);
    }

    /// <summary>Deletes a shuffle's files on every executor.</summary>
    public void RemoveShuffle(int shuffleId)
    {
        foreach (var (_, host) in Snapshot()) host.Tell(new RemoveShuffle(_appId, shuffleId), _endpoint);
    }

    /// <summary>Drops an RDD's cached partitions on every executor.</summary>
    public void RemoveRdd(int rddId, int numPartitions)
    {
        foreach (var (_, host) in Snapshot()) host.Tell(new RemoveRddBlocks(_appId, rddId, numPartitions), _endpoint);
    }

    public void Dispose()
    {
        // From here on the local cluster's nodes only report each other leaving.
        (_processes as LocalClusterProcesses)?.StopEchoingLogs();
        foreach (var (_, host) in Snapshot()) host.Tell(new RemoveApplication(_appId), _endpoint);
        try
        {
            Node.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _processes?.Dispose();
        }
    }

    private (ExecutorInfo, IActorRef)[] Snapshot()
    {
        lock (_gate) return [.. _executors.Values.Select(e => (e.Info, e.Host))];
    }
}
