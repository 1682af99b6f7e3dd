namespace ActorNet.Actors;

/// <summary>
/// The base of the few messages the runtime handles itself before an actor's behaviour sees them
/// (<see cref="PoisonPill"/>, <see cref="Kill"/>, <see cref="Identify"/>). A base class rather than a
/// marker interface because the class test costs less on the per-message path.
/// </summary>
public abstract record AutoReceivedMessage
{
    private protected AutoReceivedMessage() { }
}

/// <summary>Stops the receiving actor once the messages queued before it have been processed.</summary>
public sealed record PoisonPill : AutoReceivedMessage
{
    private PoisonPill() { }

    /// <summary>The single instance.</summary>
    public static PoisonPill Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "PoisonPill";
}

/// <summary>Makes the receiving actor fail with <see cref="ActorKilledException"/>; its supervisor decides what follows (by default: stop).</summary>
public sealed record Kill : AutoReceivedMessage
{
    private Kill() { }

    /// <summary>The single instance.</summary>
    public static Kill Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "Kill";
}

/// <summary>
/// Delivered to a watcher (see <see cref="IActorContext.Watch"/>) when the watched actor has stopped, or
/// when the node it lived on was lost.
/// </summary>
/// <param name="ActorRef">The actor that stopped.</param>
/// <param name="ExistenceConfirmed">False when the actor was already gone (or never existed) when watched.</param>
/// <param name="AddressTerminated">True when the notice comes from losing the connection to the actor's node.</param>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated);

/// <summary>A <see cref="Terminated"/> produced by death watch; delivered only if the watch is still in place.</summary>
internal sealed record WatchedTerminated(Terminated Terminated) : AutoReceivedMessage;

/// <summary>Asks any actor for its reference; every actor answers with <see cref="ActorIdentity"/>.</summary>
/// <param name="MessageId">Echoed back in the answer to tell requests apart.</param>
public sealed record Identify(object? MessageId) : AutoReceivedMessage;

/// <summary>The answer to <see cref="Identify"/>.</summary>
/// <param name="MessageId">The id from the request.</param>
/// <param name="Subject">The actor, or null when no actor lives at the path.</param>
public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);

/// <summary>Status replies, mainly for <c>Ask</c>: a <see cref="Failure"/> reply makes the ask's task fail.</summary>
public static class Status
{
    /// <summary>A successful outcome carrying a value.</summary>
    /// <param name="Value">The result.</param>
    public sealed record Success(object? Value);

    /// <summary>A failed outcome; an <c>Ask</c> receiving it throws <paramref name="Cause"/>.</summary>
    /// <param name="Cause">What went wrong.</param>
    public sealed record Failure(Exception Cause);
}
