namespace ActorNet.Actors;

/// <summary>The reference to no actor; whatever it is told is ignored.</summary>
internal sealed class NobodyRef : IActorRef
{
    public ActorPath Path { get; } = new(LocalAddress.For("nobody"), ["deadLetters"]);

    public void Tell(object message, IActorRef? sender = null) { }

    public override string ToString() => "Nobody";
}
