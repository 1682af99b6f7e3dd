namespace ActorNet.Actors;

/// <summary>
/// A handle to an actor, local or remote. It is the only way to talk to an actor: messages sent with
/// <see cref="Tell"/> are queued in its mailbox and processed one at a time.
/// </summary>
public interface IActorRef
{
    /// <summary>The actor's unique path (its address and names from the root).</summary>
    ActorPath Path { get; }

    /// <summary>
    /// Sends a message without waiting. When <paramref name="sender"/> is null and the call is made from
    /// inside an actor, that actor becomes the sender; otherwise the receiver sees <see cref="ActorRefs.NoSender"/>.
    /// </summary>
    void Tell(object message, IActorRef? sender = null);
}
