namespace ActorNet.Actors;

/// <summary>Well-known placeholder references.</summary>
public static class ActorRefs
{
    /// <summary>The sender seen by an actor when a message came from outside any actor. Replies to it are dropped.</summary>
    public static readonly IActorRef NoSender = new NobodyRef();

    /// <summary>Akka's name for <see cref="NoSender"/>: a reference to no actor.</summary>
    public static IActorRef Nobody => NoSender;
}
