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

    internal void UnregisterPersistent(int rddId)
    {
        _persistentRdds.TryRemove(rddId, out _);
        if (_announcedRdds.TryRemove(rddId, out _)) _bus?.Post(new RddUnpersisted(_bus.Now, rddId));
    }

    // Persisted RDDs whose RddPersisted event went out (with their first block), so that each is announced once.
    private readonly ConcurrentDictionary<int, bool> _announcedRdds = new();

    // The members last posted as ClusterMembersUpdated, and the timer that looks for changes.
    private IReadOnlyList<MemberInfo> _loggedMembers = [];
    private Timer? _membersTimer;
    private bool _membersEnded;
    private readonly Lock _membersGate = new();

    // The driver's block manager master saw a cached block change: the history server's Storage page needs it.
    private void PostBlockUpdate(string executorId, Storage.BlockId id, long memory, long disk)
    {
        var bus = _bus!;
        if (!_announcedRdds.ContainsKey(id.RddId) && _persistentRdds.TryGetValue(id.RddId, out var reference) && reference.TryGetTarget(out var rdd)
            && _announcedRdds.TryAdd(id.RddId, true))
            bus.Post(new RddPersisted(bus.Now, rdd.Id, rdd.Describe(), rdd.Partitions.Length, rdd.StorageLevel.Description));
        bus.Post(new BlockUpdated(bus.Now, executorId, id.RddId, id.Partition, memory, disk));
    }

    // Posts the cluster's members when they changed since the last post (a one-second poll of Akka.Cluster's state:
    // the log needs the members a finished application had, not every transition).
    private void PostMembersIfChanged(bool last = false)
    {
        lock (_membersGate)
        {
            if (_membersEnded) return;
            _membersEnded = last;
            IReadOnlyList<MemberInfo> now;
            try
            {
                // Not ClusterMembers(): the last look is taken while the context stops, before its node goes.
                now = ClusterBackend is { } backend ? MemberInfo.From(Akka.Cluster.Cluster.Get(backend.System).State) : [];
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            if (now.Count == _loggedMembers.Count && now.Zip(_loggedMembers).All(p => p.First.Address == p.Second.Address && p.First.Status == p.Second.Status
                    && p.First.Reachable == p.Second.Reachable && p.First.Roles.SequenceEqual(p.Second.Roles)))
                return;
            _loggedMembers = now;
            _bus!.Post(new ClusterMembersUpdated(_bus.Now, now));
        }
    }

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
            BlockManagerMaster.Updated = PostBlockUpdate;
            if (ClusterBackend is not null)
            {
                PostMembersIfChanged();
                _membersTimer = new Timer(_ => PostMembersIfChanged(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            }
        }
        if (_uiStore is null) return;
        // The constructor is synchronous, as SparkContext's; Kestrel's start is short and has no synchronization context here.
        _ui = DriverUi.StartAsync(this, _uiStore, ui, _bus.Now, log).GetAwaiter().GetResult();
    }

    private void StopEvents()
    {
        if (_membersTimer is not null)
        {
            _membersTimer.Dispose();
            PostMembersIfChanged(last: true);
        }
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
