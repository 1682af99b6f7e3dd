using ActorNet.Actors.Dispatch;

namespace ActorNet.Actors;

/// <summary>A reference to an actor in this process; telling it queues an envelope in the actor's mailbox.</summary>
internal sealed class LocalActorRef : IInternalActorRef, IEquatable<LocalActorRef>
{
    // The actor's runtime state.
    private readonly ActorCell _cell;
    // The mailbox, held directly so Tell is one call away from the queue.
    private readonly Mailbox _mailbox;

    public LocalActorRef(ActorSystem system, ActorPath path, Props props, IInternalActorRef parent, Mailbox mailbox)
    {
        Path = path;
        _mailbox = mailbox;
        _cell = new ActorCell(system, this, props, parent, mailbox);
    }

    public ActorPath Path { get; }

    public bool IsLocal => true;

    internal ActorCell Cell => _cell;

    public bool IsTerminated => _cell.IsTerminated;

    internal void Start() => _mailbox.PostSystem(new Create());

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        sender ??= ActorCell.Current?.Self ?? ActorRefs.NoSender;
        if (!_mailbox.Post(new Envelope(message, sender)))
            _cell.System.DeadLetterRef.Publish(message, sender, this);
    }

    public void SendSystemMessage(SystemMessage message) => _mailbox.PostSystem(message);

    public bool Equals(LocalActorRef? other) => ReferenceEquals(this, other);

    public override bool Equals(object? obj) => obj is IActorRef other && (ReferenceEquals(this, other) || Path.Equals(other.Path));

    public override int GetHashCode() => Path.GetHashCode();

    public override string ToString() => $"[{Path}]";
}
