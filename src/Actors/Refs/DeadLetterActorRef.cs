using ActorNet.Actors.Dispatch;

namespace ActorNet.Actors;

/// <summary>Receives undeliverable messages: counts them, logs the first few and publishes <see cref="DeadLetter"/>.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system, ActorPath path) : IInternalActorRef, ISystemBoundRef
{
    // Dead letters seen since the system started.
    private long _count;

    public ActorPath Path { get; } = path;

    public bool IsLocal => true;

    public ActorSystem System => system;

    public long Count => Interlocked.Read(ref _count);

    public void Tell(object message, IActorRef? sender = null) =>
        Publish(message is DeadLetter d ? d.Message : message, sender ?? ActorRefs.NoSender, this);

    public void Publish(object message, IActorRef sender, IActorRef recipient)
    {
        // The notice of a dead letter could not reach a subscriber (one that stopped without unsubscribing):
        // publishing it again would send it to that subscriber again, forever (a stack overflow). The
        // original message was counted already.
        if (message is DeadLetter) return;
        long count = Interlocked.Increment(ref _count);
        if (message is Terminated or WatchedTerminated or PoisonPill) return; // expected after stops; counted, not logged
        var settings = system.Settings;
        if (settings.LogDeadLetters && count <= settings.LogDeadLettersLimit)
        {
            system.Log.DeadLetter(count, message.GetType().Name, sender.Path, recipient.Path,
                count == settings.LogDeadLettersLimit ? " (limit reached: further dead letters are counted, not logged)" : "");
        }
        system.EventStream.Publish(new DeadLetter(message, sender, recipient));
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && watch.Watcher is IInternalActorRef watcher)
            watcher.SendSystemMessage(new DeathWatchNotification(watch.Watchee, ExistenceConfirmed: false, AddressTerminated: false));
    }

    public override bool Equals(object? obj) => obj is IActorRef other && Path.Equals(other.Path);

    public override int GetHashCode() => Path.GetHashCode();

    public override string ToString() => $"[{Path}]";
}
