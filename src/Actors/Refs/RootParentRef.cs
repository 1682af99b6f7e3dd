using ActorNet.Actors.Dispatch;
using Microsoft.Extensions.Logging;

namespace ActorNet.Actors;

/// <summary>The supervisor of the root guardian: a root failure stops the system; the root's end completes termination.</summary>
internal sealed class RootParentRef(ActorSystem system, ActorPath path) : IInternalActorRef
{
    public ActorPath Path { get; } = path;

    public bool IsLocal => true;

    public void Tell(object message, IActorRef? sender = null) { }

    public void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case Failed failed:
                system.Log.LogError(failed.Cause, "the root guardian failed; stopping the actor system");
                ((IInternalActorRef)failed.Child).SendSystemMessage(new Terminate());
                break;
            case ChildTerminated:
                system.OnRootTerminated();
                break;
        }
    }
}
