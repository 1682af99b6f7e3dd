namespace ActorNet.Actors.Sharding;

internal sealed partial class Shard
{
    // Who gets ShardStopped once the entities are gone; non-null while handing off.
    private IActorRef? _handOffReplyTo;
    // Messages that move with the shard: state the entities saved, and messages buffered for passivating ones.
    private readonly List<CarriedEntityMessage> _pendingCarried = [];

    private void BeginHandOff(IActorRef replyTo)
    {
        if (_handOffReplyTo is not null) return;
        _handOffReplyTo = replyTo;
        Timers.Cancel(PassivateIdleTick.Instance);
        if (_entities.Count == 0)
        {
            FinishHandOff();
            return;
        }
        foreach (var (id, entity) in _entities)
            if (!_passivationBuffers.ContainsKey(id)) entity.Tell(_handOffStopMessage, Self);
        Timers.StartSingleTimer(HandOffStopTimeout.Instance, HandOffStopTimeout.Instance, _settings.HandOffTimeout);
        Become(HandingOff);
    }

    private void HandingOff()
    {
        Receive<EntityHandOffState>(s => Save(Sender, s.Message));
        Receive<Terminated>(t => OnEntityTerminated(t.ActorRef));
        Receive<HandOffStopTimeout>(_ =>
        {
            ShardingLog.ForcedEntityStop(_log, _typeName, _shardId, _entities.Count, _settings.HandOffTimeout);
            foreach (var entity in _entities.Values) Context.Stop(entity);
        });
        Receive<Passivate>(_ => { }); // everything stops anyway
        // The region routes nothing here once the handoff began; whatever was already on its way moves with the shard.
        ReceiveAny(message =>
        {
            if (_extractor.EntityId(message) is { } id)
                _pendingCarried.Add(new CarriedEntityMessage(id, _extractor.EntityMessage(message), Sender));
            else
                Context.System.DeadLetters.Tell(new DeadLetter(message, Sender, Self));
        });
    }

    private void FinishHandOff()
    {
        // Saved states first, so each entity's next incarnation starts from its state, then the messages in arrival order.
        var carried = _saved.Values.Concat(_pendingCarried).ToArray();
        _handOffReplyTo!.Tell(new ShardStopped(_shardId, carried));
        Context.Stop(Self);
    }

    /// <summary>The handoff took too long: entities still alive are stopped forcibly.</summary>
    private sealed record HandOffStopTimeout
    {
        public static HandOffStopTimeout Instance { get; } = new();
    }
}
