namespace ActorNet.Actors;

/// <summary>A reference that knows the actor system it was made in (needed by Ask).</summary>
internal interface ISystemBoundRef
{
    ActorSystem System { get; }
}
