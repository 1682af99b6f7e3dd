namespace ActorNet.Actors.Tests.Messaging;

using ActorNet.Messaging;
using Akka.Actor;
using MessagePack;

// Sample messages written the way ActorNet's messages are meant to be: sealed records, explicit keys. Public because
// MessagePack's dynamic resolver emits its formatters in another assembly.

[MessagePackObject]
public sealed record PrimitivesMessage(
    [property: Key(0)] int Int,
    [property: Key(1)] long Long,
    [property: Key(2)] double Double,
    [property: Key(3)] bool Flag,
    [property: Key(4)] string Text,
    [property: Key(5)] byte Byte,
    [property: Key(6)] Guid Id,
    [property: Key(7)] DateTime At,
    [property: Key(8)] SampleKind Kind) : IActorNetMessage;

public enum SampleKind { Map, Reduce }

[MessagePackObject]
public sealed record InnerPart([property: Key(0)] string Name, [property: Key(1)] int Size);

[MessagePackObject]
public sealed record ArraysAndNestingMessage(
    [property: Key(0)] int[] Ints,
    [property: Key(1)] string[] Names,
    [property: Key(2)] float[] Floats,
    [property: Key(3)] InnerPart Single,
    [property: Key(4)] InnerPart[] Many) : IActorNetMessage;

[MessagePackObject]
public sealed record NullablesMessage(
    [property: Key(0)] int? MaybeCount,
    [property: Key(1)] string? MaybeName,
    [property: Key(2)] InnerPart? MaybePart,
    [property: Key(3)] long[]? MaybeArray) : IActorNetMessage;

[MessagePackObject]
public sealed record DictionariesMessage(
    [property: Key(0)] Dictionary<string, int> Counts,
    [property: Key(1)] IReadOnlyDictionary<int, InnerPart> PartsByIndex) : IActorNetMessage;

[MessagePackObject]
public sealed record ActorRefMessage(
    [property: Key(0)] string Text,
    [property: Key(1)] IActorRef? ReplyTo,
    [property: Key(2)] Address? Node) : IActorNetMessage;

/// <summary>A message a careless author forgot to give a contract; it reaches our serializer through "System.Object".</summary>
public sealed record MessageWithoutContract(int Value);
