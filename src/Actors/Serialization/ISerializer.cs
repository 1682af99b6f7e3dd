using System.Buffers;

namespace ActorNet.Actors;

/// <summary>
/// Turns messages into bytes for remoting and back. Register one with
/// <see cref="SerializerRegistry.Register"/> for the types it handles; identifiers below 100 are the runtime's.
/// </summary>
public interface ISerializer
{
    /// <summary>A number identifying this serializer on the wire; the same on every node.</summary>
    int Identifier { get; }

    /// <summary>Extra text stored with the bytes that <see cref="Deserialize"/> needs (usually a type name).</summary>
    string Manifest(object value);

    /// <summary>Writes <paramref name="value"/> to <paramref name="output"/>.</summary>
    void Serialize(object value, IBufferWriter<byte> output);

    /// <summary>Rebuilds a value from its bytes and manifest.</summary>
    /// <exception cref="FormatException">The bytes are malformed; the message says where.</exception>
    object Deserialize(ReadOnlySpan<byte> bytes, string manifest);
}
