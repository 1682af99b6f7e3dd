using ActorNet.Messaging;
using Akka.Actor;
using MessagePack;

namespace ActorNet.Bench.Messaging;

/// <summary>A typical small control-plane message: ten fields, the shape of a scheduler's task launch.</summary>
[MessagePackObject]
public sealed record LaunchTaskLike(
    [property: Key(0)] long TaskId,
    [property: Key(1)] int StageId,
    [property: Key(2)] int StageAttempt,
    [property: Key(3)] int PartitionIndex,
    [property: Key(4)] string ExecutorId,
    [property: Key(5)] string Host,
    [property: Key(6)] int Attempt,
    [property: Key(7)] long SubmittedAtTicks,
    [property: Key(8)] string[] PreferredLocations,
    [property: Key(9)] IActorRef ReplyTo) : IActorNetMessage;
