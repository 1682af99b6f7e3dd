namespace ActorNet.Actors;

/// <summary>Published on the event stream for each message that could not be delivered.</summary>
/// <param name="Message">The undelivered message.</param>
/// <param name="Sender">Who sent it.</param>
/// <param name="Recipient">The stopped or unknown actor it was meant for.</param>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient);
