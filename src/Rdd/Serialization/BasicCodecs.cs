using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Resolvers;

namespace ActorNet.Rdd.Serialization;

/// <summary>Types without references, copied as their in-memory bytes.</summary>
internal sealed class BlittableCodec<T> : IRecordCodec<T>
{
    public void Write(BinaryWriter writer, T value) => writer.Write(BytesOf(ref value));

    public T Read(BinaryReader reader)
    {
        T value = default!;
        reader.BaseStream.ReadExactly(BytesOf(ref value));
        return value;
    }

    // No struct constraint so that Nullable<T> of a reference-free T qualifies too.
    private static Span<byte> BytesOf(ref T value) => MemoryMarshal.CreateSpan(ref Unsafe.As<T, byte>(ref value), Unsafe.SizeOf<T>());
}

/// <summary>Arrays of types without references: a length (-1 for null) and one block of bytes.</summary>
internal sealed class BlittableArrayCodec<T> : IRecordCodec<T[]?> where T : struct
{
    public void Write(BinaryWriter writer, T[]? value)
    {
        if (value is null) { writer.Write(-1); return; }
        writer.Write(value.Length);
        writer.Write(MemoryMarshal.AsBytes(value.AsSpan()));
    }

    public T[]? Read(BinaryReader reader)
    {
        var n = reader.ReadInt32();
        if (n < 0) return null;
        var result = GC.AllocateUninitializedArray<T>(n);
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }
}

/// <summary>Strings as a null flag and BinaryWriter's length-prefixed UTF-8.</summary>
internal sealed class StringCodec : IRecordCodec<string?>
{
    public void Write(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null) writer.Write(value);
    }

    public string? Read(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}

/// <summary>Values declared as <c>object</c>: the runtime type's name, then that type's codec.</summary>
internal sealed class ObjectCodec : IRecordCodec<object?>
{
    public void Write(BinaryWriter writer, object? value)
    {
        if (value is null) { writer.Write(string.Empty); return; }
        var type = value.GetType();
        if (type == typeof(object)) throw new NotSupportedException("A bare System.Object instance cannot be serialized; use a value or a record.");
        writer.Write(type.AssemblyQualifiedName!);
        Codecs.ForType(type).WriteObject(writer, value);
    }

    public object? Read(BinaryReader reader)
    {
        var name = reader.ReadString();
        if (name.Length == 0) return null;
        return Codecs.ForType(Resolve(name)).ReadObject(reader);
    }

    // Parsing an assembly-qualified name costs microseconds, and every task result of the same job names the same
    // type. Types of collectible (unloadable) assemblies are not kept.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Type> TypesByName = new(StringComparer.Ordinal);

    private static Type Resolve(string name)
    {
        if (TypesByName.TryGetValue(name, out var known)) return known;
        var type = Type.GetType(name, throwOnError: true)!;
        if (!type.Assembly.IsCollectible && TypesByName.Count < 10_000) TypesByName.TryAdd(name, type);
        return type;
    }
}

/// <summary>Lets <see cref="ObjectCodec"/> call a typed codec without knowing its type statically.</summary>
internal interface IObjectCodec
{
    void WriteObject(BinaryWriter writer, object? value);

    object? ReadObject(BinaryReader reader);
}

/// <summary>
/// The path for every other type (records, classes, structs with references): MessagePack, length-prefixed. A type
/// with a <c>[MessagePackObject]</c> contract is written by its contract; any other by its public properties and fields
/// (MessagePack's contractless resolver; records and immutable classes are read back through their constructor).
/// Only the declared type is ever instantiated: nothing in the bytes names a type.
/// </summary>
internal sealed class MessagePackCodec<T> : IRecordCodec<T>
{
    private static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(ContractlessStandardResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public void Write(BinaryWriter writer, T value)
    {
        byte[] bytes;
        try
        {
            bytes = MessagePackSerializer.Serialize(value, Options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new NotSupportedException($"Type {typeof(T).FullName} has no binary fast path and MessagePack cannot serialize it: {Innermost(e).Message}", e);
        }
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    public T Read(BinaryReader reader)
    {
        var at = reader.BaseStream.CanSeek ? reader.BaseStream.Position : -1;
        var n = reader.ReadInt32();
        if (n < 0 || (reader.BaseStream.CanSeek && n > reader.BaseStream.Length - reader.BaseStream.Position))
            throw new InvalidDataException($"A {typeof(T).FullName} record at offset {at} claims {n} bytes, more than are left.");
        var bytes = reader.ReadBytes(n);
        try
        {
            return MessagePackSerializer.Deserialize<T>(bytes, Options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new NotSupportedException($"Type {typeof(T).FullName} has no binary fast path and MessagePack cannot deserialize it (record at offset {at}): {Innermost(e).Message}", e);
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}

/// <summary>Adapts the typed codec of <typeparamref name="T"/> to <see cref="IObjectCodec"/>.</summary>
internal sealed class ObjectAdapter<T> : IObjectCodec
{
    private readonly IRecordCodec<T> _codec = Codecs.For<T>();

    public void WriteObject(BinaryWriter writer, object? value) => _codec.Write(writer, (T)value!);

    public object? ReadObject(BinaryReader reader) => _codec.Read(reader);
}
