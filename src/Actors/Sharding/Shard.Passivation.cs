namespace ActorNet.Actors.Sharding;

internal sealed partial class Shard
{
    // Messages for passivating entities, delivered to their next incarnation.
    private readonly Dictionary<string, Queue<(object Payload, IActorRef Sender)>> _passivationBuffers = new(StringComparer.Ordinal);
    // Last time (TimeProvider timestamp) each live entity received a message.
    private readonly Dictionary<string, long> _lastActivity = new(StringComparer.Ordinal);

    private void Touch(string id)
    {
        if (_settings.PassivateIdleAfter > TimeSpan.Zero) _lastActivity[id] = Context.System.TimeProvider.GetTimestamp();
    }

    private void OnPassivate(IActorRef entity, object stopMessage)
    {
        if (!_ids.TryGetValue(entity, out var id) || _passivationBuffers.ContainsKey(id)) return;
        _passivationBuffers[id] = new Queue<(object, IActorRef)>();
        entity.Tell(stopMessage, Self);
    }

    private void PassivateIdleEntities()
    {
        if (_handOffReplyTo is not null) return;
        var time = Context.System.TimeProvider;
        long now = time.GetTimestamp();
        foreach (var (id, last) in _lastActivity.ToArray())
        {
            if (time.GetElapsedTime(last, now) >= _settings.PassivateIdleAfter && _entities.TryGetValue(id, out var entity))
                OnPassivate(entity, _handOffStopMessage);
        }
    }

    /// <summary>The periodic check for idle entities.</summary>
    private sealed record PassivateIdleTick
    {
        public static PassivateIdleTick Instance { get; } = new();
    }
}
