using System.Collections.Immutable;
using ActorNet.Actors.ClusterRuntime.Proto;
using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.ClusterRuntime;

/// <summary>
/// The actor that runs the cluster on one node (<c>/system/cluster</c>): it owns this node's
/// <see cref="Membership"/> and drives the pure model as src/Actors/Cluster/README.md describes — join
/// through seeds, gossip, heartbeats and the failure detector, leader actions on convergence, the
/// keep-majority resolver — and publishes the events between successive snapshots to subscribers.
/// All state lives in this one actor, so no locks are needed.
/// </summary>
internal sealed partial class ClusterDaemon : ReceiveActor, IWithTimers
{
    // Local commands from the Cluster extension.
    internal sealed record JoinSeeds(ImmutableArray<Address> Seeds);
    internal sealed record LeaveMember(Address Address);
    internal sealed record DownMember(Address Address);
    internal sealed record Subscribe(IActorRef Subscriber, ImmutableArray<Type> To);
    internal sealed record Unsubscribe(IActorRef Subscriber);

    // Timer messages.
    private sealed record GossipTick;
    private sealed record HeartbeatTick;
    private sealed record LeaderTick;
    private sealed record JoinRetryTick;
    private sealed record ExpectedFirstHeartbeat(UniqueAddress Node);

    private readonly Cluster _cluster;
    private readonly ClusterSettings _settings;
    private readonly UniqueAddress _self;
    private readonly ILogger _log;
    private readonly ClusterEventFeed _feed;
    private readonly Random _random = new();
    // The daemon reference of each node, by address.
    private readonly Dictionary<Address, IActorRef> _daemons = [];
    // Event subscribers and the event types each wants.
    private readonly Dictionary<IActorRef, ImmutableArray<Type>> _subscribers = [];
    private Membership _state = Membership.Empty;
    // Whether this node has told the others it is Exiting (done once).
    private bool _exitAnnounced;
    // Whether this node started its own shutdown because it was downed or removed.
    private bool _shuttingDown;

    public ClusterDaemon(Cluster cluster)
    {
        _cluster = cluster;
        _settings = cluster.Settings;
        _self = cluster.SelfUniqueAddress;
        _log = cluster.System.LoggerFactory.CreateLogger("ActorNet.Cluster");
        _feed = new ClusterEventFeed(_self);
        var time = cluster.System.TimeProvider;
        _detectors = new FailureDetectorRegistry<Address>(() => new PhiAccrualFailureDetector(_settings.FailureDetector, time));
        _heartbeat = HeartbeatSenderState.Create(_self, _detectors, _settings.MonitoredByNrOfMembers);
        _resolver = _settings.Downing.IsEnabled ? new SplitBrainResolver(_settings.Downing, _self, time) : null;

        Receive<JoinSeeds>(OnJoinSeeds);
        Receive<JoinRetryTick>(_ => SendJoins());
        Receive<Join>(OnJoinRequest);
        Receive<GossipEnvelope>(OnGossip);
        Receive<GossipTick>(_ => GossipToRandomMember());
        Receive<Heartbeat>(OnHeartbeat);
        Receive<HeartbeatResponse>(OnHeartbeatResponse);
        Receive<HeartbeatTick>(_ => OnHeartbeatTick());
        Receive<ExpectedFirstHeartbeat>(m => _heartbeat.ExpectedFirstHeartbeat(m.Node));
        Receive<LeaderTick>(_ => OnLeaderTick());
        Receive<LeaveMember>(m => ChangeMember(m.Address, (state, node) => state.Leave(node, _self)));
        Receive<DownMember>(m => ChangeMember(m.Address, (state, node) => state.Down(node, _self)));
        Receive<Subscribe>(OnSubscribe);
        Receive<Unsubscribe>(m => RemoveSubscriber(m.Subscriber));
        Receive<Terminated>(m => RemoveSubscriber(m.ActorRef));
        Receive<GetClusterState>(_ => Sender.Tell(ClusterWire.ToWire(_feed.CurrentState, _self), Self));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    private bool IsMember => _state.HasMember(_self);

    /// <inheritdoc />
    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("gossip", new GossipTick(), _settings.GossipInterval);
        Timers.StartPeriodicTimer("heartbeat", new HeartbeatTick(), _settings.FailureDetector.HeartbeatInterval);
        Timers.StartPeriodicTimer("leader", new LeaderTick(), _settings.LeaderActionsInterval);
        _log.LogInformation("cluster node {Self} started with roles [{Roles}]", _self, string.Join(",", _settings.Roles));
    }

    /// <inheritdoc />
    protected override void PostStop() => _log.LogInformation("cluster node {Self} stopped", _self.Address);

    private IActorRef DaemonAt(Address address)
    {
        if (!_daemons.TryGetValue(address, out var daemon))
            _daemons[address] = daemon = Context.System.ResolvePath(new ActorPath(address, ["system", "cluster"]));
        return daemon;
    }

    /// <summary>Makes <paramref name="next"/> the current snapshot and tells everyone who cares.</summary>
    private void Update(Membership next)
    {
        if (ReferenceEquals(next, _state)) return;
        var previous = _state;
        _state = next;
        TellDepartedNodes(previous, next);
        _heartbeat = _heartbeat.MembershipChanged(next);
        foreach (var change in _feed.Publish(next))
        {
            LogEvent(change);
            foreach (var (subscriber, types) in _subscribers)
                if (types.Any(t => t.IsInstanceOfType(change)))
                    subscriber.Tell(change, Self);
        }
        var self = next.Member(_self);
        bool removed = self is null && next.Tombstones.ContainsKey(_self);
        _cluster.Published(_feed.CurrentState, self, removed);
        if (self?.Status is MemberStatus.Exiting or MemberStatus.Down || removed)
            OnSelfExited(self, removed);
    }

    /// <summary>
    /// Members downed or removed by this change are sent the snapshot directly: nobody gossips to a
    /// downed member on its own (it counts as unreachable) and a removed one is no longer a member, yet
    /// each must learn its fate to shut down.
    /// </summary>
    private void TellDepartedNodes(Membership previous, Membership next)
    {
        foreach (var member in previous.Members)
        {
            if (member.UniqueAddress.Equals(_self)) continue;
            var now = next.Member(member.UniqueAddress);
            if ((now?.Status == MemberStatus.Down && member.Status != MemberStatus.Down) || (now is null && next.Tombstones.ContainsKey(member.UniqueAddress)))
                SendGossip(member.UniqueAddress);
        }
    }

    private void LogEvent(ClusterEvent change)
    {
        switch (change)
        {
            case MemberEvent m:
                _log.LogInformation("cluster event {Event} {Member} roles=[{Roles}] at {Self}", change.GetType().Name, m.Member.Address, string.Join(",", m.Member.Roles), _self.Address);
                break;
            case ReachabilityEvent r:
                _log.LogInformation("cluster event {Event} {Member} at {Self}", change.GetType().Name, r.Member.Address, _self.Address);
                break;
            case LeaderChanged l:
                _log.LogInformation("cluster event LeaderChanged {Leader} at {Self}", l.Leader?.ToString() ?? "none", _self.Address);
                break;
        }
    }

    /// <summary>
    /// This node is Exiting (leaving gracefully), Down or removed: tell every other member so that the
    /// news survives this node, then let coordinated shutdown go on (or start it, when downed).
    /// </summary>
    private void OnSelfExited(Member? self, bool removed)
    {
        if (!_exitAnnounced)
        {
            _exitAnnounced = true;
            foreach (var member in _state.Members.Where(m => !m.UniqueAddress.Equals(_self)))
                SendGossip(member.UniqueAddress);
            _cluster.Exited();
        }
        if ((removed || self?.Status == MemberStatus.Down) && !_shuttingDown)
        {
            _shuttingDown = true;
            _log.LogWarning("cluster node {Self} was {What}; shutting down", _self.Address, removed ? "removed" : "downed");
            _ = Context.System.CoordinatedShutdown.Run(ShutdownReason.ClusterDowning);
        }
    }

    private void OnSubscribe(Subscribe subscribe)
    {
        _subscribers[subscribe.Subscriber] = subscribe.To;
        Context.Watch(subscribe.Subscriber);
        subscribe.Subscriber.Tell(_feed.CurrentState, Self);
    }

    private void RemoveSubscriber(IActorRef subscriber)
    {
        if (_subscribers.Remove(subscriber)) Context.Unwatch(subscriber);
    }
}
