using System.Buffers;
using System.Collections.Concurrent;
using ActorNet.ControlPlane;
using ActorNet.DataPlane;
using ActorNet.Rdd.Closures;
using ActorNet.Rdd.Scheduling;
using ActorNet.Rdd.Shuffle;
using ActorNet.Rdd.Storage;
using Akka.Actor;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// One application's executor on a worker node (Spark's <c>CoarseGrainedExecutorBackend</c> + <c>Executor</c>):
/// its <see cref="RddEnv"/> (block manager, shuffle files under a per-application folder, a map-output cache
/// filled from the driver), its load context for the shipped assemblies, and <c>cores</c> slot threads that run
/// launched tasks and send each end back to the driver: in a <see cref="TaskEnded"/> message when small, on the
/// driver's data plane otherwise. Stage binaries, assemblies and broadcast chunks come from the driver's data plane.
/// </summary>
internal sealed class ExecutorApplication : IDisposable
{
    // How long an executor waits for the driver or a peer before it considers them gone.
    internal static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);

    // Stage attempts whose shared parts stay deserialized.
    private const int MaxCachedStages = 16;

    private readonly BlockingCollection<LaunchTask> _queue = [];
    private readonly Thread[] _slots;
    private readonly Executor _executor;

    // Shared parts of stage attempts, deserialized once per (stage, attempt) whatever the number of tasks.
    private readonly ConcurrentDictionary<(int Stage, int Attempt), Lazy<object>> _shared = new();

    // Tasks killed before a slot took them.
    private readonly ConcurrentDictionary<long, bool> _killedQueued = new();

    private readonly OwnedDirectory _directory;
    private int _disposed;

    private readonly Coalescer<TaskEnded> _ends;

    // Buffers of large serialized task ends (a Collect partition is megabytes), reused across tasks.
    private readonly ArrayPool<byte> _endBuffers = ArrayPool<byte>.Create(maxArrayLength: 1 << 28, maxArraysPerBucket: 4);
    private readonly DataPlaneNode _dataPlane;

    // The node's task counts across applications, for its /metrics.
    private readonly NodeTaskCounters _counters;
    private readonly DataPlaneAddress _driverDataPlane;

    public ExecutorApplication(ActorSystem system, DataPlaneNode dataPlane, PeerDirectory peers, RegisterApplication registration, string executorId, string host, int cores)
    {
        AppId = registration.AppId;
        AppName = registration.AppName;
        Driver = registration.Driver;
        ExecutorId = executorId;
        _dataPlane = dataPlane;
        _ends = new Coalescer<TaskEnded>(batch => Driver.Tell(new TasksEnded(batch)), end => 64 + end.Body.Length, TasksEnded.MaxBatchBytes);
        _driverDataPlane = DataPlaneAddress.Parse(registration.DriverDataPlane);
        var config = new ConfigurationBuilder().AddConfiguration(NodeConfiguration.Of(system))
            .AddInMemoryCollection(registration.Settings.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value))).Build();
        var settings = RddSettings.From(config);
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        var root = settings.LocalDir ?? Path.GetTempPath();
        OwnedDirectory.SweepOrphans(root); // the folders of killed executors and drivers
        _directory = OwnedDirectory.Create(Path.Combine(root, $"actornet-{AppId}-{self.Host}-{self.Port}"));
        LoadContext = new ExecutorLoadContext(AppId);
        var serializer = settings.SerializerType is { } typeName
            ? (IRddSerializer)Activator.CreateInstance(Type.GetType(typeName, throwOnError: true)!)!
            : BinaryRddSerializer.Instance;
        var capacity = settings.MemoryCapacity ?? (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * settings.MemoryFraction);
        var master = new BlockManagerMaster((exec, id, memory, disk) => Driver.Tell(new BlockUpdate(exec, id.RddId, id.Partition, memory, disk)));
        var blocks = new BlockManager(executorId, new MemoryStore(capacity), new DiskStore(Path.Combine(_directory.Path, "blocks")), master, serializer);
        ShuffleFiles = new LocalShuffleFiles(Path.Combine(_directory.Path, "shuffle"));
        var tracker = new MapOutputTracker(FetchMapStatuses);
        var fetcher = new ClusterShuffleFetcher(peers, AppId, executorId, ShuffleFiles);
        var shuffle = new LocalDiskShuffleManager(ShuffleFiles, fetcher, serializer, tracker, executorId, host);
        Env = new RddEnv(executorId, host, serializer, blocks, shuffle, tracker, () => system);
        Broadcasts = new ExecutorBroadcasts(this);
        Handles = new ExecutorClosureHandles(ClusterContext.ForExecutor(Env, AppId, AppName), Broadcasts.Resolve);
        _executor = new Executor(Env);
        _counters = NodeTaskCounters.Get(system);
        _slots = new Thread[cores];
        for (var i = 0; i < cores; i++)
        {
            _slots[i] = new Thread(RunSlot) { IsBackground = true, Name = $"actornet-{AppId}-slot-{i}" };
            _slots[i].Start();
        }
    }

    public string AppId { get; }

    public string AppName { get; }

    public IActorRef Driver { get; }

    public string ExecutorId { get; }

    public RddEnv Env { get; }

    public LocalShuffleFiles ShuffleFiles { get; }

    public ExecutorLoadContext LoadContext { get; }

    public IClosureHandles Handles { get; }

    public ExecutorBroadcasts Broadcasts { get; }

    public void Launch(LaunchTask task)
    {
        // Registered here, in message order, so the stage's later tasks (on any slot) find it.
        if (task.Binary is { } binary)
            _shared.TryAdd((task.StageId, task.StageAttempt), new Lazy<object>(() => LoadShared(binary, task.Assemblies ?? [])));
        try
        {
            _queue.Add(task);
        }
        catch (InvalidOperationException)
        {
            // The application ended while the driver still launched: nobody waits for the task.
        }
    }

    public void Kill(long taskId)
    {
        _killedQueued[taskId] = true;
        _executor.Kill(taskId);
    }

    /// <summary>Fetches an application assembly from the driver unless this executor already holds it.</summary>
    public void EnsureAssemblies(IEnumerable<string> fullNames)
    {
        foreach (var name in fullNames)
        {
            if (LoadContext.Has(name)) continue;
            var image = FetchFromDriver(new DriverBlockRequest(AppId, DriverBlockKind.Assembly, Name: name));
            LoadContext.Add(name, image);
        }
    }

    public T Ask<T>(object message)
    {
        var reply = Driver.Ask<object>(message, AskTimeout).GetAwaiter().GetResult();
        return reply switch
        {
            T answer => answer,
            RequestFailed failed => throw new InvalidOperationException(failed.Message),
            _ => throw new InvalidOperationException($"the driver answered {reply.GetType().Name} to {message.GetType().Name}"),
        };
    }

    /// <summary>Fetches bytes from the driver's data plane (stage binaries, assemblies, broadcast chunks).</summary>
    public byte[] FetchFromDriver(DriverBlockRequest request)
    {
        using var timeout = new CancellationTokenSource(AskTimeout);
        return DataPlaneProtocol.FetchBytesAsync(_dataPlane, _driverDataPlane, DataPlaneProtocol.DriverService, DataPlaneProtocol.Encode(request), timeout.Token)
            .GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.CompleteAdding();
        foreach (var t in _slots)
            if (t != Thread.CurrentThread) t.Join(TimeSpan.FromSeconds(10));
        Env.ShuffleManager.Dispose();
        _shared.Clear();
        Broadcasts.Clear();
        LoadContext.Unload();
        _directory.Dispose();
    }

    private MapStatus?[] FetchMapStatuses(int shuffleId)
    {
        try
        {
            var reply = Ask<MapStatuses>(new GetMapStatuses(shuffleId));
            return [.. reply.Statuses.Select(s => s is null ? null : new MapStatus(s.ExecutorId, s.Host, s.MapId, s.PartitionSizes))];
        }
        catch (Exception e) when (e is not FetchFailedException)
        {
            // The driver is unreachable or answered with an error: the reduce stage cannot run from these outputs.
            throw new FetchFailedException(shuffleId, -1, -1, null, $"Cannot get the map output locations of shuffle {shuffleId} from the driver: {e.Message}");
        }
    }

    private void RunSlot()
    {
        foreach (var launch in _queue.GetConsumingEnumerable())
        {
            TaskEndReason reason;
            var metrics = TaskMetrics.None;
            if (_killedQueued.TryRemove(launch.TaskId, out _)) reason = new TaskKilled("killed by the driver before it started");
            else reason = Run(launch, out metrics);
            _killedQueued.TryRemove(launch.TaskId, out _);
            if (TaskBinary.TrySplitFloatValue(reason, out var floats, out var rest) && (long)floats.Length * sizeof(float) > TaskEnded.DirectLimit)
            {
                SendEndBeside(new DriverBlockRequest(AppId, DriverBlockKind.TaskEndWithFloats, Id: launch.TaskId, End: rest, Metrics: metrics), BlockBody.FromFloats(floats), sent: null);
                continue;
            }
            ArraySegment<byte> body;
            byte[]? rented = null;
            try
            {
                body = TaskBinary.SerializeEnd(reason, Env.Serializer, _endBuffers, out rented);
            }
            catch (Exception e)
            {
                body = TaskBinary.SerializeEnd(new ExceptionFailure(e.GetType().FullName ?? e.GetType().Name,
                    $"The task's result could not be serialized: {e.Message}", e.ToString()));
            }
            if (body.Count <= TaskEnded.DirectLimit)
            {
                _ends.Add(new TaskEnded(launch.TaskId, body.ToArray(), metrics));
                if (rented is not null) _endBuffers.Return(rented);
                continue;
            }
            // Back to the pool only once the driver has it all: after a failed send a write may still read the array.
            SendEndBeside(new DriverBlockRequest(AppId, DriverBlockKind.TaskEnd, Id: launch.TaskId, Metrics: metrics), BlockBody.FromBytes(body),
                sent: rented is null ? null : () => _endBuffers.Return(rented));
        }
    }

    // Sends a task end too large for an Akka message on the driver's data plane without waiting for it, and tells the
    // driver at once (beside the small ends) that the slot is free: the slot runs its next task, queued or launched in
    // the meantime, while the end travels (as Spark frees an indirect result's cores before fetching it). `sent` runs
    // once the driver has the end.
    private void SendEndBeside(DriverBlockRequest header, BlockBody body, Action? sent)
    {
        _ends.Add(TaskEnded.Follows(header.Id));
        _ = SendEndAsync(header, body, sent);
    }

    private async Task SendEndAsync(DriverBlockRequest header, BlockBody body, Action? sent)
    {
        try
        {
            using var timeout = new CancellationTokenSource(AskTimeout);
            await _dataPlane.RequestAsync(_driverDataPlane, DataPlaneProtocol.DriverService, DataPlaneProtocol.Encode(header), body,
                cancellationToken: timeout.Token).ConfigureAwait(false);
            sent?.Invoke();
        }
        catch (Exception e)
        {
            // The end is lost (the driver's data plane is unreachable, or the send broke): the attempt fails where the
            // driver can still hear of it, and runs again. A driver that already has the end ignores this one; one that
            // is gone learns of nothing, and nothing waits for it.
            var failure = new ExceptionFailure(e.GetType().FullName ?? e.GetType().Name, $"The task's end could not be sent to the driver: {e.Message}", e.ToString());
            _ends.Add(new TaskEnded(header.Id, TaskBinary.SerializeEnd(failure).ToArray(), header.Metrics));
        }
    }

    private TaskEndReason Run(LaunchTask launch, out TaskMetrics metrics)
    {
        metrics = TaskMetrics.None;
        SchedulerTask task;
        try
        {
            Env.MapOutputTracker.UpdateEpoch(launch.Epoch);
            var shared = _shared.GetOrAdd((launch.StageId, launch.StageAttempt), key => new Lazy<object>(() => LoadShared(key.Stage, key.Attempt))).Value;
            // Old stages' parts (their RDDs, sometimes their data) are dropped; a late task of one fetches it again.
            while (_shared.Count > MaxCachedStages && _shared.Keys.Min() is var oldest && oldest != (launch.StageId, launch.StageAttempt))
                _shared.TryRemove(oldest, out _);
            task = TaskBinary.CreateTask(shared, launch.StageId, launch.StageAttempt, launch.PartitionId, launch.OutputId);
        }
        catch (Exception e)
        {
            // A shared part that failed to load is fetched again by the next attempt.
            _shared.TryRemove((launch.StageId, launch.StageAttempt), out _);
            return new ExceptionFailure(e.GetType().FullName ?? e.GetType().Name, $"Cannot deserialize the task on executor {ExecutorId}: {e.Message}", e.ToString());
        }
        var end = _executor.Run(new TaskDescription(launch.TaskId, launch.AttemptNumber, ExecutorId, task), out metrics);
        _counters.Record(end, metrics);
        return end;
    }

    private object LoadShared(int stageId, int attempt) =>
        LoadShared(FetchFromDriver(new DriverBlockRequest(AppId, DriverBlockKind.StageBinary, StageId: stageId, Attempt: attempt)),
            Ask<StageAssemblies>(new GetStageAssemblies(stageId, attempt)).FullNames);

    private object LoadShared(byte[] bytes, string[] assemblies)
    {
        EnsureAssemblies(assemblies);
        return TaskBinary.DeserializeShared(bytes, LoadContext, Handles);
    }
}
