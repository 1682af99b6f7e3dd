using Akka.Actor;
using MessagePack;
using MessagePack.Formatters;

namespace ActorNet.Messaging;

/// <summary>
/// Writes an <see cref="IActorRef"/> as its serialized path and resolves it on the receiving node, as Akka's own
/// serializers do: the path carries the transport's address, so a local reference arrives as a remote one.
/// </summary>
internal sealed class ActorRefFormatter(ExtendedActorSystem system) : IMessagePackFormatter<IActorRef?>
{
    public void Serialize(ref MessagePackWriter writer, IActorRef? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        writer.Write(Akka.Serialization.Serialization.SerializedActorPath(value));
    }

    public IActorRef? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
            return null;
        var path = reader.ReadString()
            ?? throw new MessagePackSerializationException("An actor reference was written as a nil string.");
        return system.Provider.ResolveActorRef(path);
    }
}
