namespace ActorNet.Actors.Dispatch;

/// <summary>A user message and its sender, stored by value in the mailbox so queuing allocates nothing more.</summary>
internal readonly struct Envelope(object message, IActorRef sender)
{
    public readonly object Message = message;
    public readonly IActorRef Sender = sender;
}
