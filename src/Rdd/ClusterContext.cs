using ActorNet.Rdd.Cluster;
using ActorNet.Rdd.Scheduling;
using ActorNet.Rdd.Shuffle;
using ActorNet.Rdd.Storage;
using ActorNet.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd;

/// <summary>
/// The entry point of an RDD application (Spark's <c>SparkContext</c>): connects to a master, creates
/// RDDs, broadcasts and accumulators, and runs jobs. Dispose it (or call <see cref="Stop"/>) to stop the
/// executors and delete the application's temporary files.
/// </summary>
public sealed partial class ClusterContext : IDisposable
{
    // Ids of RDDs, shuffles, broadcasts and accumulators within this application.
    private int _nextRddId, _nextShuffleId;
    private long _nextBroadcastId, _nextAccumulatorId;

    // Registered accumulators by id; weak so that an application's dropped accumulators can be collected.
    private readonly Dictionary<long, WeakReference<IAccumulator>> _accumulators = [];

    // The job group of the calling thread (and of work it starts), as SetJobGroup set it.
    private readonly AsyncLocal<string?> _jobGroup = new();

    private readonly IExecutorBackend _backend;
    private readonly OwnedDirectory _appDirectory;
    private int _stopped;

    /// <summary>
    /// Starts an application on <paramref name="master"/>: <c>local</c>, <c>local[N]</c>, <c>local[*]</c>, <c>local[N,F]</c>
    /// (task slots in this process), <c>local-cluster[N]</c> or <c>local-cluster[N,C]</c> (starts a seed and N worker
    /// processes on this machine, C slots each, and stops them on dispose) or <c>actornet://host:port[,host:port]</c>
    /// (joins a running cluster's seed nodes as the driver; every member with role <c>worker</c> runs an executor).
    /// When the environment variable <c>ACTORNET_MASTER</c> is set (<c>actornet submit --master</c> sets it), it
    /// replaces <paramref name="master"/>, as spark-submit's <c>--master</c> overrides what an application asks for.
    /// Settings are read from <paramref name="config"/> (a driver program builds it with
    /// <see cref="CommandLine.DriverOptions"/>: reference.conf, <c>--config</c>, <c>ACTORNET__</c> variables, <c>--set</c>);
    /// when it is null, from the <c>ACTORNET__</c> environment variables alone, so that <c>actornet submit --conf</c> reaches
    /// an application that passes none. <c>actornet:app:name</c>, when set, replaces <paramref name="appName"/>
    /// (<c>actornet submit --name</c>). The engine reads <c>actornet:rdd</c> (default-parallelism,
    /// task:max-failures, storage:memory-fraction, storage:memory-capacity in bytes, storage:local-dir, serializer);
    /// a cluster driver also reads <c>actornet:remote:hostname</c> and <c>actornet:remote:secret</c> (or
    /// <c>ACTORNET_SECRET</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The master URL or a setting is malformed (the message names it).</exception>
    /// <exception cref="InvalidOperationException"><c>local-cluster</c> processes did not start.</exception>
    public ClusterContext(string master, string appName, IConfiguration? config = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appName);
        if (Environment.GetEnvironmentVariable(MasterOverrideVariable) is { Length: > 0 } forced) master = forced;
        config ??= new ConfigurationBuilder().AddInMemoryCollection(LayeredConfiguration.EnvironmentKeys(Environment.GetEnvironmentVariables())).Build();
        if (config[AppNameKey] is { Length: > 0 } configuredName) appName = configuredName;
        Configuration = config;
        var spec = MasterUrl.ParseSpec(master);
        var settings = RddSettings.From(config);
        Master = master;
        AppName = appName;
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        AppId = spec is MasterSpec.Local ? $"local-{stamp}-{Guid.NewGuid().ToString("N")[..8]}" : $"app-{stamp}-{Guid.NewGuid().ToString("N")[..8]}";
        DefaultParallelismIsSet = settings.DefaultParallelism is not null;
        Serializer = settings.SerializerType is { } typeName ? LoadSerializer(typeName) : BinaryRddSerializer.Instance;
        var uiSettings = Ui.UiSettings.From(config);
        StartEvents(uiSettings, config, Console.Error);

        var localDir = settings.LocalDir ?? Path.GetTempPath();
        OwnedDirectory.SweepOrphans(localDir); // the folders of killed drivers and executors
        _appDirectory = OwnedDirectory.Create(Path.Combine(localDir, $"actornet-{AppId}"));
        var capacity = settings.MemoryCapacity ?? (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * settings.MemoryFraction);
        var blockManager = new BlockManager(LocalBackend.DriverExecutorId, new MemoryStore(capacity),
            new DiskStore(Path.Combine(_appDirectory.Path, "blocks")), BlockManagerMaster, Serializer);
        var shuffleFiles = new LocalShuffleFiles(Path.Combine(_appDirectory.Path, "shuffle"));
        var shuffle = new LocalDiskShuffleManager(shuffleFiles, shuffleFiles, Serializer, MapOutputTracker, LocalBackend.DriverExecutorId, "localhost");
        Env = new RddEnv(LocalBackend.DriverExecutorId, "localhost", Serializer, blockManager, shuffle, MapOutputTracker, () => NodeSystem);

        int? urlFailures = null;
        if (spec is MasterSpec.Local local)
        {
            _backend = new LocalBackend(Env, local.Slots);
            urlFailures = local.MaxFailures;
        }
        else
        {
            _backend = StartClusterBackend(spec, config);
        }
        // Queue-ahead hides the driver round trip between two short tasks on a remote executor's slot; in process a
        // launch is a queue away already.
        TaskSchedulerImpl = new TaskSchedulerImpl(_backend, urlFailures ?? settings.MaxFailures, _bus,
            queueAhead: spec is MasterSpec.Local ? 0 : settings.QueueAhead, shortTask: settings.ShortTask);
        DagScheduler = new DagScheduler(TaskSchedulerImpl, MapOutputTracker, BlockManagerMaster, FindAccumulator, _bus);
        TaskSchedulerImpl.Start(DagScheduler);
        // A driver whose node the cluster downed (the split brain resolver took it for lost, or it was quarantined) has no
        // executors any more and never will: its jobs fail at once instead of waiting forever. After Stop this posts nothing.
        if (_backend is ClusterBackend cluster)
            _ = cluster.System.WhenTerminated.ContinueWith(_ => DagScheduler.Abandon(
                $"the driver's cluster node {cluster.Node.Address} was downed or shut down; it can run no more jobs"), TaskScheduler.Default);
        DefaultParallelism = settings.DefaultParallelism ?? (spec is MasterSpec.Local l ? l.Slots : WaitForClusterSlots(spec));
        try
        {
            StartUi(uiSettings, Console.Error);
        }
        catch
        {
            Stop();
            throw;
        }
    }

    /// <summary>The configuration key whose value, when set, names the application (<c>actornet submit --name</c>).</summary>
    public const string AppNameKey = "actornet:app:name";

    /// <summary>The driver's configuration as the context read it (the UI's Environment page shows it).</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The master URL the context was created with.</summary>
    public string Master { get; }

    /// <summary>The application's name.</summary>
    public string AppName { get; }

    /// <summary>A unique id of this application run ("local-&lt;ms&gt;-&lt;suffix&gt;").</summary>
    public string AppId { get; }

    /// <summary>
    /// Partitions used when an operator is not told how many: <c>actornet:rdd:default-parallelism</c> when set,
    /// else the number of task slots.
    /// </summary>
    public int DefaultParallelism { get; }

    /// <summary>
    /// The task slots of the executors registered now (Spark's total executor cores): it grows when a worker joins
    /// and shrinks when one is lost, while <see cref="DefaultParallelism"/> stays what it was at start.
    /// </summary>
    public int TaskSlots
    {
        get
        {
            RequireDriver("Counting task slots");
            return _backend.Executors.Sum(e => e.Slots);
        }
    }

    /// <summary>The folder checkpoints are written to, set by <see cref="SetCheckpointDir"/>.</summary>
    public string? CheckpointDir { get; private set; }

    /// <summary>True once stopped.</summary>
    public bool IsStopped => Volatile.Read(ref _stopped) != 0;

    internal bool DefaultParallelismIsSet { get; }

    internal IRddSerializer Serializer { get; }

    internal RddEnv Env { get; }

    internal MapOutputTracker MapOutputTracker { get; } = new();

    internal BlockManagerMaster BlockManagerMaster { get; } = new();

    internal TaskSchedulerImpl TaskSchedulerImpl { get; }

    internal DagScheduler DagScheduler { get; }

    /// <summary>Sets the folder <see cref="Rdd{T}.Checkpoint"/> writes to (created if missing).</summary>
    public void SetCheckpointDir(string directory)
    {
        RequireDriver(nameof(SetCheckpointDir));
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.Combine(Path.GetFullPath(directory), Guid.NewGuid().ToString());
        Directory.CreateDirectory(full);
        CheckpointDir = full;
    }

    /// <summary>
    /// Tags jobs started from now on by this thread (and the work it starts) with a group, so that
    /// <see cref="CancelJobGroup"/> can cancel them together.
    /// </summary>
    public void SetJobGroup(string groupId, string? description = null, bool interruptOnCancel = false) => _jobGroup.Value = groupId;

    /// <summary>Stops tagging this thread's jobs with a group.</summary>
    public void ClearJobGroup() => _jobGroup.Value = null;

    /// <summary>Cancels the active jobs of a group: their running tasks are killed and their callers get a <see cref="JobCancelledException"/>.</summary>
    public void CancelJobGroup(string groupId)
    {
        RequireDriver(nameof(CancelJobGroup));
        DagScheduler.CancelJobGroup(groupId);
    }

    /// <summary>Cancels every active job.</summary>
    public void CancelAllJobs()
    {
        RequireDriver(nameof(CancelAllJobs));
        DagScheduler.CancelAllJobs("all jobs were cancelled");
    }

    /// <summary>Stops the schedulers and executors, failing running jobs, and deletes the temporary files.</summary>
    public void Stop()
    {
        RequireDriver("Stopping the context");
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        DagScheduler.Dispose();
        StopEvents();
        _shuffleCleaner?.Dispose();
        _backend.Dispose();
        StopLocalNode();
        RemoveLocalClusterFolders();
        Env.ShuffleManager.Dispose();
        _appDirectory.Dispose();
    }

    /// <summary>Same as <see cref="Stop"/>.</summary>
    public void Dispose() => Stop();

    /// <summary>
    /// Runs <paramref name="func"/> on the given partitions of <paramref name="rdd"/> (all when null) and
    /// returns the results in partition order; the primitive every action is built on.
    /// </summary>
    internal U[] RunJob<T, U>(Rdd<T> rdd, Func<TaskContext, IEnumerable<T>, U> func, IReadOnlyList<int>? partitions = null)
    {
        ObjectDisposedException.ThrowIf(IsStopped, this);
        // A job started from a task would wait for slots its own task may hold (Spark's SPARK-5063).
        if (TaskContext.Get() is { } task)
            throw new InvalidOperationException($"RDD actions can only be invoked by the driver, not inside a task (task {task.TaskAttemptId} of stage {task.StageId} tried to run a job on {rdd}).");
        RequireDriver($"Running a job (an action on {rdd})");
        var parts = partitions?.ToArray() ?? [.. Enumerable.Range(0, rdd.NumPartitions)];
        foreach (var p in parts)
            if (p < 0 || p >= rdd.NumPartitions) throw new ArgumentOutOfRangeException(nameof(partitions), $"Partition {p} does not exist in {rdd} ({rdd.NumPartitions} partitions).");
        var results = new U[parts.Length];
        if (parts.Length == 0) return results;
        object? Run(TaskContext ctx, int partition) => func(ctx, ctx.Interruptible(rdd.Iterator(rdd.Partitions[partition], ctx)));
        var job = DagScheduler.SubmitJob(rdd, Run, parts, _jobGroup.Value, (i, value) => results[i] = (U)value!);
        try
        {
            job.GetAwaiter().GetResult();
        }
        catch (JobCancelledException e)
        {
            throw new JobCancelledException(e.Message);
        }
        ((IRdd)rdd).DoCheckpoint();
        return results;
    }

    internal int NewRddId()
    {
        RequireDriver("Creating an RDD");
        return Interlocked.Increment(ref _nextRddId) - 1;
    }

    internal int NewShuffleId()
    {
        RequireDriver("Creating a shuffle");
        return Interlocked.Increment(ref _nextShuffleId) - 1;
    }

    /// <summary>Spark's ContextCleaner for shuffles: a shuffle no RDD can read any more has its outputs and files removed.</summary>
    internal Shuffle.ShuffleCleaner ShuffleCleaner => _shuffleCleaner ??= new Shuffle.ShuffleCleaner(RemoveShuffle);

    private Shuffle.ShuffleCleaner? _shuffleCleaner;

    private void RemoveShuffle(int shuffleId)
    {
        if (IsStopped) return;
        MapOutputTracker.UnregisterShuffle(shuffleId);
        Env.ShuffleManager.RemoveShuffle(shuffleId);
        (_backend as ClusterBackend)?.RemoveShuffle(shuffleId);
    }

    internal void RemoveCachedRdd(int rddId, int numPartitions)
    {
        RequireDriver("Unpersisting an RDD");
        Env.BlockManager.RemoveRdd(rddId, numPartitions);
        (_backend as ClusterBackend)?.RemoveRdd(rddId, numPartitions);
    }

    private static IRddSerializer LoadSerializer(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: false)
                   ?? throw new ArgumentException($"Configuration '{RddSettings.SerializerKey}' names type '{typeName}', which cannot be loaded.");
        if (!typeof(IRddSerializer).IsAssignableFrom(type))
            throw new ArgumentException($"Configuration '{RddSettings.SerializerKey}': type '{typeName}' does not implement {nameof(IRddSerializer)}.");
        return (IRddSerializer)(Activator.CreateInstance(type)
                                ?? throw new ArgumentException($"Configuration '{RddSettings.SerializerKey}': type '{typeName}' has no public parameterless constructor."));
    }
}
