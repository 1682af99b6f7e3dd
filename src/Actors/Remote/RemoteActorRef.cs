using ActorNet.Actors.Dispatch;
using ActorNet.Actors.Remote.Proto;

namespace ActorNet.Actors.Remote;

/// <summary>A reference to an actor on another node: telling it queues the message on that node's association.</summary>
internal sealed class RemoteActorRef(RemoteTransport transport, ActorPath path) : IInternalActorRef, ISystemBoundRef
{
    // The path as sent on the wire.
    private readonly string _pathText = path.ToString();
    // The association to the actor's node, looked up once (again only after the node was lost).
    private Association? _association;

    public ActorPath Path { get; } = path;

    public bool IsLocal => false;

    public ActorSystem System => transport.System;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        sender ??= ActorCell.Current?.Self ?? ActorRefs.NoSender;
        Association().Send(OutboundMessage.User(_pathText, message, sender));
    }

    public void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case Watch watch when watch.Watchee.Equals(this):
                transport.RegisterWatch(this, watch.Watcher);
                SendControl(new SystemEnvelope { Watch = new RemoteWatch { Watchee = _pathText, Watcher = watch.Watcher.Path.ToString() } });
                break;
            case Unwatch unwatch when unwatch.Watchee.Equals(this):
                transport.UnregisterWatch(this, unwatch.Watcher);
                SendControl(new SystemEnvelope { Unwatch = new RemoteUnwatch { Watchee = _pathText, Watcher = unwatch.Watcher.Path.ToString() } });
                break;
            case DeathWatchNotification notification:
                // This remote actor watches a local one that stopped.
                SendControl(new SystemEnvelope
                {
                    DeathWatchNotification = new RemoteDeathWatchNotification
                    {
                        Actor = notification.Actor.Path.ToString(),
                        Watcher = _pathText,
                        ExistenceConfirmed = notification.ExistenceConfirmed,
                    },
                });
                break;
        }
    }

    private void SendControl(SystemEnvelope envelope) => Association().Send(OutboundMessage.Control(envelope));

    private Association Association()
    {
        var association = _association;
        if (association is null || association.IsLost) _association = association = transport.AssociationFor(Path.Address);
        return association;
    }

    public override bool Equals(object? obj) => obj is IActorRef other && Path.Equals(other.Path);

    public override int GetHashCode() => Path.GetHashCode();

    public override string ToString() => $"[{Path}]";
}
