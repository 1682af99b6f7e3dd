using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace ActorNet.Messaging;

/// <summary>
/// The one Akka.NET serializer for ActorNet's messages: MessagePack with explicit contracts
/// (<c>[MessagePackObject]</c> + <c>[Key(n)]</c>), a manifest naming the message type, actor references written as
/// their paths. Registered by <see cref="MessagingConfig"/>; Akka creates one per actor system.
/// </summary>
/// <remarks>
/// No typeless or contractless resolver is used: the manifest is the only type name on the wire and it must name a
/// contract type, so a peer cannot make this node instantiate an arbitrary type. Every failure, either way, is a
/// <see cref="SerializationException"/> naming the type or manifest; Akka's remoting drops that one message and
/// logs it, and the connection and the node carry on.
/// </remarks>
public sealed class MessagePackMessageSerializer : SerializerWithStringManifest
{
    // The resolver chain and the untrusted-data limits (hash-flooding-safe dictionaries, bounded depth).
    private readonly MessagePackSerializerOptions _options;

    // Type <-> manifest, and the check that a type has a contract.
    private readonly MessageContracts _contracts = new();

    /// <summary>Creates the serializer for <paramref name="system"/>; Akka calls this when it loads its serializers.</summary>
    /// <param name="system">The actor system whose provider resolves received actor paths.</param>
    public MessagePackMessageSerializer(ExtendedActorSystem system)
        : base(system)
    {
        // Our formatters come first so Akka's types never reach StandardResolver (which would demand a contract of them).
        var resolver = CompositeResolver.Create(
            [new ActorRefFormatter(system), new AddressFormatter()],
            [StandardResolver.Instance]);
        _options = MessagePackSerializerOptions.Standard
            .WithResolver(resolver)
            .WithSecurity(MessagePackSecurity.UntrustedData);
    }

    /// <summary>The serializer's wire identifier, <see cref="MessagingConfig.SerializerIdentifier"/>.</summary>
    public override int Identifier => MessagingConfig.SerializerIdentifier;

    /// <summary>The message type's stable name, <c>"Namespace.Type, AssemblySimpleName"</c>.</summary>
    /// <param name="o">The message about to be sent.</param>
    /// <exception cref="SerializationException">The message's type has no MessagePack contract.</exception>
    public override string Manifest(object o) => _contracts.ManifestFor(o.GetType());

    /// <summary>Writes <paramref name="obj"/> with its MessagePack contract.</summary>
    /// <param name="obj">The message about to be sent.</param>
    /// <exception cref="SerializationException">The type has no contract, or a member cannot be written.</exception>
    public override byte[] ToBinary(object obj)
    {
        var type = obj.GetType();
        _contracts.ManifestFor(type);
        try
        {
            return MessagePackSerializer.Serialize(type, obj, _options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new SerializationException(
                $"Could not write a '{type.FullName}' with MessagePack: {Innermost(e).Message} (every member's type " +
                "needs a contract too: [MessagePackObject] with [Key(n)], or a formatter of ActorNet's).", e);
        }
    }

    /// <summary>Reads a message of the contract type that <paramref name="manifest"/> names.</summary>
    /// <param name="bytes">The message's bytes as received.</param>
    /// <param name="manifest">The type name the sender wrote.</param>
    /// <exception cref="SerializationException">
    /// The manifest names no contract type, or the bytes are not exactly one such message.
    /// </exception>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        var type = _contracts.TypeFor(manifest);
        try
        {
            var reader = new MessagePackReader(bytes);
            var message = MessagePackSerializer.Deserialize(type, ref reader, _options)
                ?? throw new SerializationException($"A '{manifest}' message arrived as nil.");
            if (!reader.End)
                throw new SerializationException(
                    $"A '{manifest}' message has {bytes.Length - reader.Consumed} bytes after its end; the frame is malformed.");
            return message;
        }
        catch (Exception e) when (e is not SerializationException and not OutOfMemoryException)
        {
            // Malformed input surfaces as several exception types (truncation, wrong MessagePack codes, a bad path);
            // all of them mean the same to Akka: this one message cannot be read.
            throw new SerializationException(
                $"Could not read a '{manifest}' message of {bytes.Length} bytes: {Innermost(e).Message}", e);
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        return e;
    }
}
