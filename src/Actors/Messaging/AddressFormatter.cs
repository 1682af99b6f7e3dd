using Akka.Actor;
using MessagePack;
using MessagePack.Formatters;

namespace ActorNet.Messaging;

/// <summary>
/// Writes an Akka <see cref="Address"/> as its URI form (<c>akka.tcp://system@host:port</c>), the form Akka
/// itself parses, so a message can name a node without a contract of its own for Akka's type.
/// </summary>
internal sealed class AddressFormatter : IMessagePackFormatter<Address?>
{
    public void Serialize(ref MessagePackWriter writer, Address? value, MessagePackSerializerOptions options)
    {
        if (value is null)
            writer.WriteNil();
        else
            writer.Write(value.ToString());
    }

    public Address? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
            return null;
        var text = reader.ReadString()
            ?? throw new MessagePackSerializationException("An Akka address was written as a nil string.");
        return Address.TryParse(text, out var address)
            ? address
            : throw new MessagePackSerializationException($"'{text}' is not an Akka address.");
    }
}
