namespace ActorNet.Actors;

/// <summary>
/// Implemented by actors that set messages aside for later. The runtime assigns <see cref="Stash"/>
/// when the actor is created: declare it as <c>public IStash Stash { get; set; } = null!;</c>.
/// </summary>
public interface IWithStash
{
    /// <summary>The actor's stash, assigned by the runtime.</summary>
    IStash Stash { get; set; }
}
