using ActorNet.Actors.Dispatch;

namespace ActorNet.Actors;

/// <summary>What the runtime needs from every reference beyond <see cref="IActorRef"/>.</summary>
internal interface IInternalActorRef : IActorRef
{
    /// <summary>Delivers a lifecycle or supervision message (never blocked by a suspended mailbox).</summary>
    void SendSystemMessage(SystemMessage message);

    /// <summary>True for references to actors in this process.</summary>
    bool IsLocal { get; }
}
