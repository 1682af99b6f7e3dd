using ActorNet.Actors.Remote.Proto;

namespace ActorNet.Actors.Remote;

/// <summary>Something queued for a peer: a user message for a remote path, a death-watch system message, or a wake-up for the bulk lane.</summary>
internal readonly record struct OutboundMessage(string Recipient, object? Message, IActorRef? Sender, SystemEnvelope? System)
{
    public static OutboundMessage User(string recipient, object message, IActorRef sender) => new(recipient, message, sender, null);

    public static OutboundMessage Control(SystemEnvelope system) => new("", null, null, system);

    /// <summary>Tells the writer that the bulk lane has work (the writer waits on the small lane only).</summary>
    public static OutboundMessage BulkWakeUp { get; } = new("", null, null, null);
}
