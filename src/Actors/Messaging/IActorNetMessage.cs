namespace ActorNet.Messaging;

/// <summary>
/// Marks a type as an ActorNet message that travels between Akka.NET nodes. Akka binds this interface (and,
/// with <see cref="MessagingConfig"/>, every type without a binding of its own) to
/// <see cref="MessagePackMessageSerializer"/>, so an implementing type must carry an explicit MessagePack
/// contract: <c>[MessagePackObject]</c> with <c>[Key(n)]</c> on each serialized member.
/// </summary>
/// <remarks>
/// Messages are small immutable records that describe work; bulk bytes (weights, slices, shuffle segments)
/// travel on the data plane, never inside a message.
/// </remarks>
public interface IActorNetMessage;
