using ActorNet.Actors.Dispatch;

namespace ActorNet.Actors;

/// <summary>A reference to a local path where no actor lives: what it is told becomes a dead letter addressed to that path.</summary>
internal sealed class EmptyLocalActorRef(ActorSystem system, ActorPath path) : IInternalActorRef, ISystemBoundRef
{
    public ActorPath Path { get; } = path;

    public bool IsLocal => true;

    public ActorSystem System => system;

    public void Tell(object message, IActorRef? sender = null)
    {
        sender ??= ActorCell.Current?.Self ?? ActorRefs.NoSender;
        if (message is Identify identify) sender.Tell(new ActorIdentity(identify.MessageId, null), this);
        else system.DeadLetterRef.Publish(message, sender, this);
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && watch.Watcher is IInternalActorRef watcher)
            watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: false, AddressTerminated: false));
    }

    public override bool Equals(object? obj) => obj is IActorRef other && Path.Equals(other.Path);

    public override int GetHashCode() => Path.GetHashCode();

    public override string ToString() => $"[{Path}] (no actor)";
}
