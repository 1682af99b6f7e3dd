namespace ActorNet.Actors.Tests.Messaging;

using ActorNet.Messaging;
using Akka.Actor;
using Akka.Cluster.Sharding;
using MessagePack;

// The messages and actors of the two-node cluster tests.

[MessagePackObject]
public sealed record Greet([property: Key(0)] string Text, [property: Key(1)] IActorRef? ReplyTo) : IActorNetMessage;

[MessagePackObject]
public sealed record Greeting([property: Key(0)] string Text, [property: Key(1)] string FromNode) : IActorNetMessage;

[MessagePackObject]
public sealed record FailPlease([property: Key(0)] string Why) : IActorNetMessage;

[MessagePackObject]
public sealed record ToEntity([property: Key(0)] string EntityId, [property: Key(1)] string Text) : IActorNetMessage;

[MessagePackObject]
public sealed record FromEntity(
    [property: Key(0)] string EntityId,
    [property: Key(1)] string Node,
    [property: Key(2)] IActorRef Entity) : IActorNetMessage;

/// <summary>Answers a greeting (to its reply-to, else to the sender) with its node's address; fails on request.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor()
    {
        var node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        Receive<Greet>(greet => (greet.ReplyTo ?? Sender).Tell(new Greeting(greet.Text, node)));
        // A double in ActualValue: Akka writes that extra field with the serializer bound to double, which is ours.
        Receive<FailPlease>(fail => Sender.Tell(new Status.Failure(new ArgumentOutOfRangeException("partition", 3.5, fail.Why))));
        Receive<ToEntity>(message => Sender.Tell(new FromEntity(message.EntityId, node, Self)));
    }
}

/// <summary>Routes <see cref="ToEntity"/> by its entity id over ten shards.</summary>
internal sealed class ToEntityExtractor() : HashCodeMessageExtractor(maxNumberOfShards: 10)
{
    public override string EntityId(object message) => ((ToEntity)message).EntityId;
}
