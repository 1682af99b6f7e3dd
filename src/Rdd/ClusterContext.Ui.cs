using System.Collections.Concurrent;
using ActorNet.ControlPlane;
using ActorNet.Rdd.Events;
using ActorNet.Rdd.Scheduling;
using ActorNet.Rdd.Ui;

namespace ActorNet.Rdd;

public sealed partial class ClusterContext
{
    // The driver's listener bus: the schedulers post to it, the UI's status store and added listeners read it.
    private ListenerBus? _bus;

    // The web UI, when actornet.ui.enabled.
    private DriverUi? _ui;

    // Persisted RDDs by id (Spark's persistentRdds), weak so that a dropped RDD can be collected; for the Storage page.
    private readonly ConcurrentDictionary<int, WeakReference<IRdd>> _persistentRdds = new();

    /// <summary>The address of this driver's web UI (<c>http://127.0.0.1:4040</c>), or null when the UI is off.</summary>
    public string? UiWebUrl => _ui?.Url;

    /// <summary>
    /// Adds a listener for this driver's events (jobs, stages, tasks, executors, training rounds), as Spark's
    /// <c>addSparkListener</c>. It sees the events posted from now on, on the listener bus's thread.
    /// </summary>
    public void AddListener(IClusterListener listener)
    {
        RequireDriver(nameof(AddListener));
        _bus!.AddListener(listener);
    }

    /// <summary>
    /// Posts an event to this driver's listeners (the UI among them); never blocks. Code above the engine reports its own
    /// progress this way: the distributed trainers post <see cref="TrainingRoundEnded"/> and the others of
    /// TrainingEvents.
    /// </summary>
    public void PostEvent(ListenerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        RequireDriver(nameof(PostEvent));
        _bus!.Post(e);
    }

    /// <summary>The clock this driver's events are stamped with.</summary>
    public DateTimeOffset EventTime => _bus?.Now ?? DateTimeOffset.UtcNow;

    internal void RegisterPersistent(IRdd rdd)
    {
        if (!IsExecutorSide) _persistentRdds[rdd.Id] = new WeakReference<IRdd>(rdd);
    }

    internal void UnregisterPersistent(int rddId) => _persistentRdds.TryRemove(rddId, out _);

    /// <summary>Persisted RDDs with what of them is cached now, across the executors.</summary>
    internal IReadOnlyList<RddStorageInfo> PersistentRddStorage()
    {
        var list = new List<RddStorageInfo>();
        foreach (var (id, reference) in _persistentRdds.OrderBy(kv => kv.Key))
        {
            if (!reference.TryGetTarget(out var rdd))
            {
                _persistentRdds.TryRemove(id, out _);
                continue;
            }
            var (cached, memory, disk) = BlockManagerMaster.RddStorage(id);
            list.Add(new RddStorageInfo(id, rdd.Describe(), rdd.Partitions.Length, cached, rdd.StorageLevel.Description, memory, disk));
        }
        return list;
    }

    /// <summary>The cluster's members as this driver sees them (Akka.Cluster's state); none in local mode without a node.</summary>
    internal IReadOnlyList<MemberInfo> ClusterMembers()
    {
        if (IsStopped) return [];
        Akka.Actor.ActorSystem? system = ClusterBackend?.System ?? (_localNode is { IsValueCreated: true } node ? node.Value.System : null);
        return system is null ? [] : MemberInfo.From(Akka.Cluster.Cluster.Get(system).State);
    }

    // Set by StartEvents when the UI is on; the UI starts once the schedulers run.
    private AppStatusStore? _uiStore;

    // The event log's file, when actornet.event-log.enabled.
    private EventLogWriter? _eventLog;

    /// <summary>The event log file this driver writes (.inprogress until it stops), or null when the event log is off.</summary>
    public string? EventLogPath => _eventLog?.Path;

    private void StartEvents(UiSettings ui, Microsoft.Extensions.Configuration.IConfiguration config, TextWriter log)
    {
        _bus = new ListenerBus(log);
        if (config[EventLogWriter.EnabledKey] is { Length: > 0 } enabled && (bool.TryParse(enabled, out var on)
                ? on : throw new ArgumentException($"Configuration '{EventLogWriter.EnabledKey}' = '{enabled}' must be true or false.")))
        {
            var dir = config[EventLogWriter.DirKey] is { Length: > 0 } d ? d
                : throw new ArgumentException($"Configuration '{EventLogWriter.DirKey}' must name a folder when '{EventLogWriter.EnabledKey}' is true.");
            _eventLog = new EventLogWriter(dir, AppId);
            _bus.AddListener(_eventLog);
        }
        if (ui.Enabled)
        {
            _uiStore = new AppStatusStore();
            _bus.AddListener(_uiStore);
        }
        _bus.Post(new ApplicationStarted(_bus.Now, AppId, AppName, Master));
    }

    private void StartUi(UiSettings ui, TextWriter log)
    {
        if (_bus!.HasListeners)
        {
            var environment = DriverUi.EnvironmentOf(this);
            _bus.Post(new EnvironmentUpdated(_bus.Now, environment.Runtime, environment.ActornetProperties));
        }
        if (_uiStore is null) return;
        // The constructor is synchronous, as SparkContext's; Kestrel's start is short and has no synchronization context here.
        _ui = DriverUi.StartAsync(this, _uiStore, ui, _bus.Now, log).GetAwaiter().GetResult();
    }

    private void StopEvents()
    {
        _bus?.Post(new ApplicationEnded(_bus.Now));
        try
        {
            _ui?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Kestrel failed to stop cleanly; the process keeps running the application's own work.
        }
        _bus?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        _eventLog?.Dispose();
    }
}
