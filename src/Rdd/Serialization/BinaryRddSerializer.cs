namespace ActorNet.Rdd;

/// <summary>
/// The default serializer. Fast paths: every type without references (primitives, enums, <c>decimal</c>,
/// <c>DateTime</c>, <c>Guid</c>, value tuples and structs of those) is copied as raw bytes; arrays of such
/// types in one block; strings as UTF-8; arrays, <c>List&lt;T&gt;</c>, <c>Dictionary&lt;K,V&gt;</c>,
/// <c>KeyValuePair</c>, value tuples and <c>Tuple</c> of up to four items element by element; a declared type of
/// <c>object</c> writes the runtime type's name first. Anything else is MessagePack (by its <c>[MessagePackObject]</c>
/// contract, or else by its public properties and fields, records through their constructor; the same library as the
/// cluster's messages): a type MessagePack cannot round-trip fails with an error naming the type. Raw-byte paths assume writer and reader run the same runtime on the same
/// architecture, which holds for every node of one ActorNet cluster.
/// </summary>
public sealed class BinaryRddSerializer : IRddSerializer
{
    /// <summary>The shared instance; the serializer holds no state besides its codec cache.</summary>
    public static BinaryRddSerializer Instance { get; } = new();

    /// <inheritdoc />
    public IRecordCodec<T> CodecFor<T>() => Serialization.Codecs.For<T>();
}
