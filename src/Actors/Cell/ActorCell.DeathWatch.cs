using ActorNet.Actors.Dispatch;

namespace ActorNet.Actors;

internal sealed partial class ActorCell
{
    // Actors this actor watches; a Terminated is delivered only while its subject is in here.
    private readonly HashSet<IActorRef> _watching = [];
    // Actors watching this actor; told when it stops.
    private readonly HashSet<IActorRef> _watchedBy = [];

    public IActorRef Watch(IActorRef subject)
    {
        if (subject.Equals(Self) || subject is not IInternalActorRef target) return subject;
        if (_watching.Add(subject)) target.SendSystemMessage(new Watch(subject, Self));
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        if (_watching.Remove(subject) && subject is IInternalActorRef target) target.SendSystemMessage(new Unwatch(subject, Self));
        return subject;
    }

    private void HandleWatch(Watch watch)
    {
        if (watch.Watchee.Equals(Self) && !watch.Watcher.Equals(Self)) _watchedBy.Add(watch.Watcher);
    }

    private void HandleUnwatch(Unwatch unwatch)
    {
        if (unwatch.Watchee.Equals(Self)) _watchedBy.Remove(unwatch.Watcher);
    }

    /// <summary>Turns a death notice into a user-level <see cref="Terminated"/>, queued behind earlier messages.</summary>
    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        if (!_watching.Contains(notification.Actor)) return;
        _self.Tell(new WatchedTerminated(new Terminated(notification.Actor, notification.ExistenceConfirmed, notification.AddressTerminated)), notification.Actor);
    }

    /// <summary>The node hosting <paramref name="address"/> is gone: every watched actor there is terminated.</summary>
    internal void AddressTerminated(Address address)
    {
        foreach (var watched in _watching.Where(w => w.Path.Address.Equals(address)).ToArray())
            _self.Tell(new WatchedTerminated(new Terminated(watched, ExistenceConfirmed: true, AddressTerminated: true)), watched);
        _watchedBy.RemoveWhere(w => w.Path.Address.Equals(address));
    }
}
