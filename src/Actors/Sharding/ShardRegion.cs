using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.Sharding;

/// <summary>
/// The entry point to the entities of one type on one node. Send it any message the extractor
/// understands: it finds the entity's shard, asks the <see cref="ShardCoordinator"/> where that shard
/// lives (once; the answer is cached), and forwards the message there, or to the <c>Shard</c> child it
/// hosts itself, which creates the entity on demand. While a shard's home is unknown or the shard moves,
/// its messages wait in a bounded buffer (<see cref="ClusterShardingSettings.BufferSize"/>; overflow goes to
/// dead letters) and are delivered in order once the shard has a home again. A proxy region
/// (<see cref="StartProxy"/>) hosts nothing and only routes.
/// </summary>
public sealed partial class ShardRegion : ReceiveActor, IWithTimers
{
    // The entity type (for logs).
    private readonly string _typeName;
    // How entities are created; null for a proxy.
    private readonly Props? _entityProps;
    // Entity and shard ids of messages.
    private readonly IMessageExtractor _extractor;
    private readonly ClusterShardingSettings _settings;
    // What entities receive when their shard is handed off.
    private readonly object _handOffStopMessage;
    // The coordinator of this entity type (replaced by CoordinatorChanged).
    private IActorRef _coordinator;
    private readonly ILogger _log;
    // True once the coordinator acknowledged the registration.
    private bool _registered;
    // Set by GracefulShutdown: the region stops once its shards were handed off.
    private bool _leaving;

    /// <summary>The actor's timers (assigned by the runtime).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private ShardRegion(string typeName, Props? entityProps, IMessageExtractor extractor, ClusterShardingSettings settings,
        object handOffStopMessage, IActorRef coordinator)
    {
        _typeName = typeName;
        _entityProps = entityProps;
        _extractor = extractor;
        _settings = settings;
        _handOffStopMessage = handOffStopMessage;
        _coordinator = coordinator;
        _buffer = new MessageBuffer(settings.BufferSize);
        _log = Context.System.LoggerFactory.CreateLogger("ActorNet.Actors.Sharding");

        Receive<RegisterAck>(_ => OnRegisterAck());
        Receive<RetryTick>(_ => OnRetryTick());
        Receive<CoordinatorChanged>(c => OnCoordinatorChanged(c.Coordinator));
        Receive<ShardHome>(h => OnShardHome(h.ShardId, h.Region));
        Receive<HostShard>(OnHostShard);
        Receive<BeginHandOff>(b => OnBeginHandOff(b.ShardId));
        Receive<HandOff>(h => OnHandOff(h.ShardId));
        Receive<Terminated>(t => OnTerminated(t.ActorRef));
        Receive<GracefulShutdown>(_ => OnGracefulShutdown());
        Receive<GetShardRegionState>(_ => Sender.Tell(new CurrentShardRegionState(_shards.Keys.Order(StringComparer.Ordinal).ToArray())));
        Receive<GetShardHomes>(_ => Sender.Tell(new Dictionary<string, IActorRef>(_regionByShard, StringComparer.Ordinal)));
        ReceiveNodeNotices();
        ReceiveAny(message => Deliver(message, Sender));
    }

    private bool IsProxy => _entityProps is null;

    /// <inheritdoc />
    protected override void PreStart()
    {
        SendRegistration();
        Timers.StartPeriodicTimer(RetryTick.Instance, RetryTick.Instance, _settings.RetryInterval);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        foreach (var shardId in _buffer.ShardIds.ToArray())
            foreach (var (message, sender) in _buffer.Take(shardId))
                Context.System.DeadLetters.Tell(new DeadLetter(message, sender, Self));
    }

    private void SendRegistration() =>
        _coordinator.Tell(IsProxy ? new RegisterProxy(Self) : new Register(Self, _shards.Keys.ToArray()));

    private void OnRegisterAck()
    {
        if (_registered) return;
        _registered = true;
        Context.Watch(_coordinator);
        // After a coordinator change, ask the new one for the homes still missing.
        foreach (var shardId in _buffer.ShardIds.Where(s => !_regionByShard.ContainsKey(s)).ToArray())
            if (_requested.Add(shardId)) _coordinator.Tell(new GetShardHome(shardId));
        StopRetryingWhenIdle();
    }

    private void OnCoordinatorChanged(IActorRef coordinator)
    {
        if (coordinator.Equals(_coordinator)) return;
        Context.Unwatch(_coordinator);
        _coordinator = coordinator;
        _registered = false;
        _requested.Clear();
        SendRegistration();
        EnsureRetrying();
    }

    /// <summary>Repeats what may have been lost: the registration and unanswered shard-home requests.</summary>
    private void OnRetryTick()
    {
        if (!_registered) SendRegistration();
        foreach (var shardId in _buffer.ShardIds.Where(s => !_regionByShard.ContainsKey(s)))
            _coordinator.Tell(new GetShardHome(shardId));
        StopRetryingWhenIdle();
    }

    private void StopRetryingWhenIdle()
    {
        if (_registered && _requested.Count == 0) Timers.Cancel(RetryTick.Instance);
    }

    private void EnsureRetrying()
    {
        if (!Timers.IsTimerActive(RetryTick.Instance))
            Timers.StartPeriodicTimer(RetryTick.Instance, RetryTick.Instance, _settings.RetryInterval);
    }

    private void OnGracefulShutdown()
    {
        if (IsProxy)
        {
            Context.Stop(Self);
            return;
        }
        _leaving = true;
        _coordinator.Tell(new GracefulShutdownRequest(Self));
        StopIfLeftEmpty();
    }

    /// <summary>
    /// A leaving region stops once its shards are handed off and the messages it holds (ones that reached it
    /// after a shard stopped routing here) went on to their new homes; coordinated shutdown bounds the wait.
    /// </summary>
    private void StopIfLeftEmpty()
    {
        if (_leaving && _shards.Count == 0 && _buffer.TotalCount == 0) Context.Stop(Self);
    }

    private void OnTerminated(IActorRef actor)
    {
        if (actor.Equals(_coordinator))
        {
            // The coordinator is gone (its node died); keep knocking until a coordinator answers there again.
            _registered = false;
            EnsureRetrying();
        }
        else if (_shardIdsByRef.ContainsKey(actor))
        {
            OnShardTerminated(actor);
        }
        else
        {
            OnOtherRegionGone(actor);
        }
    }

    /// <summary>The periodic retry of registration and shard-home requests.</summary>
    private sealed record RetryTick
    {
        public static RetryTick Instance { get; } = new();
    }
}
