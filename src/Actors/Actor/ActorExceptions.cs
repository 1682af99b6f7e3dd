namespace ActorNet.Actors;

/// <summary>Thrown by an actor that received <see cref="Kill"/>.</summary>
public sealed class ActorKilledException(string message) : Exception(message);

/// <summary>The actor's constructor or <c>PreStart</c> threw; its supervisor stops it by default.</summary>
public sealed class ActorInitializationException(IActorRef actor, string message, Exception? inner)
    : Exception(message, inner)
{
    /// <summary>The actor that failed to start.</summary>
    public IActorRef Actor { get; } = actor;
}

/// <summary>An actor did not handle a <see cref="Terminated"/> of an actor it watched (Akka's death pact).</summary>
public sealed class DeathPactException(IActorRef deadActor)
    : Exception($"actor {deadActor.Path} terminated and its watcher did not handle Terminated")
{
    /// <summary>The actor whose termination was not handled.</summary>
    public IActorRef DeadActor { get; } = deadActor;
}

/// <summary>An <c>Ask</c> got no reply in time.</summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);

/// <summary>An actor selection resolved to no actor.</summary>
public sealed class ActorNotFoundException(string message) : Exception(message);

/// <summary>An actor name is empty, malformed or already taken by a sibling.</summary>
public sealed class InvalidActorNameException(string message) : ArgumentException(message);
