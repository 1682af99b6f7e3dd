namespace ActorNet.Actors;

/// <summary>
/// A system-wide publish/subscribe bus: actors subscribe to a message type (including base types and
/// interfaces) and receive every published event assignable to it, e.g. <see cref="DeadLetter"/>.
/// </summary>
public sealed class EventStream
{
    // Guards writers; readers use the immutable array snapshot without locking.
    private readonly Lock _gate = new();
    // Current subscriptions (copy-on-write).
    private (Type Channel, IActorRef Subscriber)[] _subscriptions = [];

    /// <summary>Subscribes <paramref name="subscriber"/> to events assignable to <paramref name="channel"/>.</summary>
    /// <returns>False when it was subscribed to that channel already.</returns>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        lock (_gate)
        {
            if (_subscriptions.Any(s => s.Channel == channel && s.Subscriber.Equals(subscriber))) return false;
            _subscriptions = [.. _subscriptions, (channel, subscriber)];
            return true;
        }
    }

    /// <summary>Removes the subscriber from one channel.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type channel)
    {
        lock (_gate)
        {
            var kept = _subscriptions.Where(s => !(s.Channel == channel && s.Subscriber.Equals(subscriber))).ToArray();
            bool removed = kept.Length != _subscriptions.Length;
            _subscriptions = kept;
            return removed;
        }
    }

    /// <summary>Removes the subscriber from every channel.</summary>
    public void Unsubscribe(IActorRef subscriber)
    {
        lock (_gate) _subscriptions = _subscriptions.Where(s => !s.Subscriber.Equals(subscriber)).ToArray();
    }

    /// <summary>Sends <paramref name="event"/> to every subscriber of a matching channel.</summary>
    public void Publish(object @event)
    {
        var type = @event.GetType();
        foreach (var (channel, subscriber) in Volatile.Read(ref _subscriptions))
            if (channel.IsAssignableFrom(type)) subscriber.Tell(@event, ActorRefs.NoSender);
    }
}
