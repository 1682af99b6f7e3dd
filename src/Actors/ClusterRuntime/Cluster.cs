using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ActorNet.Actors.ClusterRuntime;
using ActorNet.Actors.ClusterRuntime.Proto;
using Microsoft.Extensions.Logging;

namespace ActorNet.Actors;

/// <summary>
/// The cluster extension of one actor system (Akka's <c>Cluster</c>): membership as this node sees it,
/// joining, leaving, downing and event subscriptions. <see cref="Get"/> starts the cluster daemon
/// (<c>/system/cluster</c>) on first use and, when <c>actornet:cluster:seed-nodes</c> is set, joins
/// through them. Needs remoting (<c>actornet:remote:port</c>). Coordinated shutdown makes the node leave
/// gracefully (Leaving → Exiting) before the system stops; a node that sees itself Down shuts down.
/// </summary>
public sealed class Cluster
{
    private static readonly ConditionalWeakTable<ActorSystem, Cluster> s_clusters = new();

    // The daemon that owns the membership.
    private readonly IActorRef _daemon;
    // Guards the callback lists and the flags below.
    private readonly Lock _gate = new();
    private readonly List<Action> _onMemberUp = [];
    private readonly List<Action> _onMemberRemoved = [];
    private bool _wasUp;
    private bool _wasRemoved;
    // Completed once this node is Exiting, Down or removed: the point where a leaving node may stop.
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // The latest published state and this node's member in it.
    private volatile CurrentClusterState _state = CurrentClusterState.Empty;
    private volatile Member _selfMember;

    private Cluster(ActorSystem system)
    {
        if (system.Remote is null)
            throw new InvalidOperationException($"the cluster needs remoting: set actornet:remote:port for actor system '{system.Name}'");
        System = system;
        Settings = ClusterSettings.FromConfiguration(system.Configuration, system.Name);
        SelfUniqueAddress = new UniqueAddress(system.Address, NewUid());
        _selfMember = Member.Removed(SelfUniqueAddress);
        ClusterMessageSerializer.EnsureRegistered(system);
        _daemon = system.SystemActorOf(Props.Create(() => new ClusterDaemon(this)), "cluster");
        RegisterShutdownTasks();
    }

    /// <summary>The cluster extension of <paramref name="system"/>, started on the first call.</summary>
    /// <exception cref="InvalidOperationException">Remoting is off.</exception>
    /// <exception cref="FormatException">A cluster setting is malformed (the message names the key).</exception>
    public static Cluster Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var cluster = s_clusters.GetValue(system, s => new Cluster(s));
        cluster.StartOnce();
        return cluster;
    }

    private int _started;

    private void StartOnce()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0 && !Settings.SeedNodes.IsEmpty)
            JoinSeedNodes(Settings.SeedNodes);
    }

    /// <summary>The actor system this extension belongs to.</summary>
    public ActorSystem System { get; }

    /// <summary>This node's address (the bound remoting address).</summary>
    public Address SelfAddress => SelfUniqueAddress.Address;

    /// <summary>This node's address plus the uid of this incarnation.</summary>
    public UniqueAddress SelfUniqueAddress { get; }

    /// <summary>The roles this node declares (<c>actornet:cluster:roles</c>).</summary>
    public ImmutableSortedSet<string> SelfRoles => Settings.Roles;

    /// <summary>The seed nodes configured in <c>actornet:cluster:seed-nodes</c> (empty when none), joined on start.</summary>
    public ImmutableArray<Address> SeedNodes => Settings.SeedNodes;

    /// <summary>This node as a member; status Removed until it has joined (and after it was removed).</summary>
    public Member SelfMember => _selfMember;

    /// <summary>The cluster as this node saw it when it last published events.</summary>
    public CurrentClusterState State => _state;

    /// <summary>Completes once this node is Exiting, Down or removed (after a Leave, downing, or removal).</summary>
    public Task WhenExited => _exited.Task;

    internal ClusterSettings Settings { get; }

    internal IActorRef Daemon => _daemon;

    /// <summary>Joins the cluster that <paramref name="address"/> belongs to (retrying every retry-join-interval); joining itself forms a new cluster.</summary>
    public void Join(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        _daemon.Tell(new ClusterDaemon.JoinSeeds([address]));
    }

    /// <summary>
    /// Joins through seed nodes: when the first seed is this node it forms the cluster; otherwise the
    /// node asks every other seed until one lets it in, retrying every retry-join-interval.
    /// </summary>
    public void JoinSeedNodes(IEnumerable<Address> seedNodes)
    {
        ArgumentNullException.ThrowIfNull(seedNodes);
        var seeds = seedNodes.ToImmutableArray();
        if (seeds.IsEmpty) throw new ArgumentException("at least one seed node is needed", nameof(seedNodes));
        _daemon.Tell(new ClusterDaemon.JoinSeeds(seeds));
    }

    /// <summary>Asks the member at <paramref name="address"/> to leave gracefully (Leaving → Exiting → Removed).</summary>
    public void Leave(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        _daemon.Tell(new ClusterDaemon.LeaveMember(address));
    }

    /// <summary>Marks the member at <paramref name="address"/> Down; the leader then removes it, and the node shuts itself down when it learns.</summary>
    public void Down(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        _daemon.Tell(new ClusterDaemon.DownMember(address));
    }

    /// <summary>
    /// Sends <paramref name="subscriber"/> the <see cref="CurrentClusterState"/>, then every cluster event
    /// assignable to one of <paramref name="to"/> (all <see cref="ClusterEvent"/>s when none is given).
    /// </summary>
    /// <exception cref="ArgumentException">A type is not a <see cref="ClusterEvent"/>.</exception>
    public void Subscribe(IActorRef subscriber, params Type[] to)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        foreach (var type in to)
            if (!typeof(ClusterEvent).IsAssignableFrom(type))
                throw new ArgumentException($"{type.Name} is not a cluster event type", nameof(to));
        _daemon.Tell(new ClusterDaemon.Subscribe(subscriber, to.Length == 0 ? [typeof(ClusterEvent)] : [.. to]));
    }

    /// <summary>Stops sending cluster events to <paramref name="subscriber"/>.</summary>
    public void Unsubscribe(IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        _daemon.Tell(new ClusterDaemon.Unsubscribe(subscriber));
    }

    /// <summary>Runs <paramref name="callback"/> (on the thread pool) once this node is Up; at once if it already is.</summary>
    public void RegisterOnMemberUp(Action callback) => Register(callback, _onMemberUp, () => _wasUp);

    /// <summary>Runs <paramref name="callback"/> (on the thread pool) once this node has left the cluster (Exiting, Down or removed).</summary>
    public void RegisterOnMemberRemoved(Action callback) => Register(callback, _onMemberRemoved, () => _wasRemoved);

    private void Register(Action callback, List<Action> list, Func<bool> already)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            if (!already())
            {
                list.Add(callback);
                return;
            }
        }
        RunCallback(callback);
    }

    /// <summary>
    /// Asks the cluster daemon of the node at <paramref name="node"/> for its view of the cluster, from
    /// <paramref name="client"/> (any system with remoting; it need not be a member).
    /// </summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/> (node down, wrong secret, not a cluster node).</exception>
    public static async Task<CurrentClusterState> QueryStateAsync(ActorSystem client, Address node, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(node);
        ClusterMessageSerializer.EnsureRegistered(client);
        var daemon = client.ResolvePath(new ActorPath(node, ["system", "cluster"]));
        var reply = await daemon.Ask<ClusterStateReply>(new GetClusterState(), timeout).ConfigureAwait(false);
        return ClusterWire.FromWire(reply);
    }

    /// <summary>Called by the daemon after each change it publishes.</summary>
    internal void Published(CurrentClusterState state, Member? self, bool removed)
    {
        _state = state;
        if (self is not null) _selfMember = self;
        else if (removed) _selfMember = Member.Removed(SelfUniqueAddress);
        List<Action> run = [];
        lock (_gate)
        {
            if (!_wasUp && self?.Status is MemberStatus.Up)
            {
                _wasUp = true;
                run.AddRange(_onMemberUp);
                _onMemberUp.Clear();
            }
            if (!_wasRemoved && (removed || self?.Status is MemberStatus.Exiting or MemberStatus.Down))
            {
                _wasRemoved = true;
                run.AddRange(_onMemberRemoved);
                _onMemberRemoved.Clear();
            }
        }
        foreach (var callback in run) RunCallback(callback);
    }

    /// <summary>Called by the daemon once this node is Exiting, Down or removed and the others were told.</summary>
    internal void Exited() => _exited.TrySetResult();

    private void RunCallback(Action callback) => _ = Task.Run(() =>
    {
        try { callback(); }
        catch (Exception error) { System.Log.LogError(error, "cluster membership callback failed"); }
    });

    private void RegisterShutdownTasks()
    {
        var shutdown = System.CoordinatedShutdown;
        shutdown.AddTask(CoordinatedShutdown.PhaseClusterLeave, "cluster leave", LeaveOnShutdown);
        shutdown.AddTask(CoordinatedShutdown.PhaseClusterShutdown, "cluster daemon stop", () =>
        {
            System.Stop(_daemon);
            return Task.CompletedTask;
        });
    }

    private Task LeaveOnShutdown()
    {
        // A downed or removed node has nobody to say goodbye to; one that never joined neither.
        if (System.CoordinatedShutdown.Reason == ShutdownReason.ClusterDowning) return Task.CompletedTask;
        if (SelfMember.Status is MemberStatus.Removed or MemberStatus.Down) return Task.CompletedTask;
        _daemon.Tell(new ClusterDaemon.LeaveMember(SelfAddress));
        return WhenExited;
    }

    private static long NewUid()
    {
        long uid;
        do uid = Random.Shared.NextInt64(); while (uid == 0);
        return uid;
    }
}
