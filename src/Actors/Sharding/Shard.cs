using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.Sharding;

/// <summary>
/// One shard hosted by a region: creates its entities on demand (as children named after their ids),
/// passivates them on request or when idle, and on <see cref="HandOff"/> stops them all with the hand-off
/// stop message and reports <see cref="ShardStopped"/> with whatever state they left behind.
/// </summary>
internal sealed partial class Shard : ReceiveActor, IWithTimers
{
    private readonly string _typeName;
    private readonly string _shardId;
    private readonly Props _entityProps;
    private readonly IMessageExtractor _extractor;
    private readonly ClusterShardingSettings _settings;
    // What entities receive when the shard is handed off.
    private readonly object _handOffStopMessage;
    private readonly ILogger _log;
    // Live entities by id.
    private readonly Dictionary<string, IActorRef> _entities = new(StringComparer.Ordinal);
    // Live entities to ids.
    private readonly Dictionary<IActorRef, string> _ids = [];
    // State left by stopped entities (EntityHandOffState), delivered first to their next incarnation.
    private readonly Dictionary<string, CarriedEntityMessage> _saved = new(StringComparer.Ordinal);
    // Suffix counter for entity names still held by a stopping predecessor.
    private long _incarnation;
    // What the shard's previous home handed over; delivered in PreStart.
    private IReadOnlyList<CarriedEntityMessage> _carriedOnStart;

    /// <summary>The actor's timers (assigned by the runtime).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    public Shard(string typeName, string shardId, Props entityProps, IMessageExtractor extractor, ClusterShardingSettings settings,
        object handOffStopMessage, IReadOnlyList<CarriedEntityMessage> carried)
    {
        _typeName = typeName;
        _shardId = shardId;
        _entityProps = entityProps;
        _extractor = extractor;
        _settings = settings;
        _handOffStopMessage = handOffStopMessage;
        _log = Context.System.LoggerFactory.CreateLogger("ActorNet.Actors.Sharding");
        _carriedOnStart = carried;

        Receive<Passivate>(p => OnPassivate(Sender, p.StopMessage));
        Receive<EntityHandOffState>(s => Save(Sender, s.Message));
        Receive<PassivateIdleTick>(_ => PassivateIdleEntities());
        Receive<HandOff>(_ => BeginHandOff(Sender));
        Receive<Terminated>(t => OnEntityTerminated(t.ActorRef));
        ReceiveAny(message => Deliver(message, Sender));
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        if (_settings.PassivateIdleAfter > TimeSpan.Zero)
        {
            var check = TimeSpan.FromTicks(Math.Max(1, _settings.PassivateIdleAfter.Ticks / 2));
            Timers.StartPeriodicTimer(PassivateIdleTick.Instance, PassivateIdleTick.Instance, check);
        }
        // State and messages from the shard's previous home, in the order the previous incarnation left them.
        foreach (var c in _carriedOnStart) DeliverToEntity(c.EntityId, c.Message, c.Sender);
        _carriedOnStart = [];
    }

    private void Deliver(object message, IActorRef sender)
    {
        string? id = _extractor.EntityId(message);
        if (id is null)
        {
            ShardingLog.NotExtractable(_log, _typeName, message.GetType().Name);
            Context.System.DeadLetters.Tell(new DeadLetter(message, sender, Self));
            return;
        }
        DeliverToEntity(id, _extractor.EntityMessage(message), sender);
    }

    private void DeliverToEntity(string id, object payload, IActorRef sender)
    {
        if (_passivationBuffers.TryGetValue(id, out var waiting))
        {
            waiting.Enqueue((payload, sender));
            return;
        }
        var entity = _entities.TryGetValue(id, out var live) ? live : StartEntity(id);
        Touch(id);
        entity.Tell(payload, sender);
    }

    private IActorRef StartEntity(string id)
    {
        var entity = Context.ActorOf(_entityProps, ChildNames.Free(Context, id, ref _incarnation));
        Context.Watch(entity);
        _entities[id] = entity;
        _ids[entity] = id;
        Touch(id);
        if (_saved.Remove(id, out var state)) entity.Tell(state.Message, state.Sender);
        return entity;
    }

    private void Save(IActorRef entity, object message)
    {
        if (_ids.TryGetValue(entity, out var id)) _saved[id] = new CarriedEntityMessage(id, message, ActorRefs.NoSender);
    }

    private void OnEntityTerminated(IActorRef entity)
    {
        if (!_ids.Remove(entity, out var id)) return;
        _entities.Remove(id);
        _lastActivity.Remove(id);
        if (_passivationBuffers.Remove(id, out var waiting) && waiting.Count > 0 && _handOffReplyTo is null)
        {
            // Messages came in while the entity passivated: start it again and give them to it in order.
            var restarted = StartEntity(id);
            foreach (var (payload, sender) in waiting) restarted.Tell(payload, sender);
        }
        else if (waiting is not null && _handOffReplyTo is not null)
        {
            foreach (var (payload, sender) in waiting) _pendingCarried.Add(new CarriedEntityMessage(id, payload, sender));
        }
        if (_handOffReplyTo is not null && _entities.Count == 0) FinishHandOff();
    }
}
