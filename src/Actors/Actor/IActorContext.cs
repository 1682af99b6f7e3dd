namespace ActorNet.Actors;

/// <summary>
/// What an actor can see and do about itself while it runs: its identity, its sender, its children,
/// death watch and behaviour changes. Use it only from the actor's own message handlers.
/// </summary>
public interface IActorContext
{
    /// <summary>The actor's own reference.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being processed, or <see cref="ActorRefs.NoSender"/>.</summary>
    IActorRef Sender { get; }

    /// <summary>The actor's supervisor.</summary>
    IActorRef Parent { get; }

    /// <summary>The actor's live children.</summary>
    IEnumerable<IActorRef> Children { get; }

    /// <summary>The actor system the actor belongs to.</summary>
    ActorSystem System { get; }

    /// <summary>The props the actor was created from (used again on restart).</summary>
    Props Props { get; }

    /// <summary>Creates a child actor supervised by this actor.</summary>
    /// <param name="props">How to create the child.</param>
    /// <param name="name">A unique name among the siblings, or null for a generated one.</param>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>The child with the given name, or <see cref="ActorRefs.Nobody"/>.</summary>
    IActorRef Child(string name);

    /// <summary>Stops an actor (a child, or this actor itself) after its current message.</summary>
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> to this actor once <paramref name="subject"/> stops.</summary>
    /// <returns>The subject, for chaining.</returns>
    IActorRef Watch(IActorRef subject);

    /// <summary>Stops watching <paramref name="subject"/>; no <see cref="Terminated"/> for it arrives afterwards.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour (<paramref name="discardOld"/>) or pushes a new one on the behaviour stack.</summary>
    void Become(Receive receive, bool discardOld = true);

    /// <summary>Pushes a behaviour on the stack; <see cref="UnbecomeStacked"/> returns to the previous one.</summary>
    void BecomeStacked(Receive receive);

    /// <summary>Returns to the previous behaviour (the actor's initial one when the stack is empty).</summary>
    void UnbecomeStacked();

    /// <summary>Akka's older name for <see cref="UnbecomeStacked"/>.</summary>
    void Unbecome();
}
