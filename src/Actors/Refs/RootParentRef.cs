using ActorNet.Actors.Dispatch;

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
                system.Log.RootFailed(failed.Cause);
                ((IInternalActorRef)failed.Child).SendSystemMessage(new Terminate());
                break;
            case ChildTerminated:
                system.OnRootTerminated();
                break;
        }
    }
}
