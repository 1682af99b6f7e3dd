using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;

namespace ActorNet.Actors.Serialization;

/// <summary>
/// The general serializer: records, tuples, classes and structs (through <see cref="TypeShape"/>), arrays,
/// lists, dictionaries, enums, exceptions and actor references, nested freely. Each value carries a one-byte
/// tag; non-primitive values carry their type name. Types must exist with the same shape on both nodes
/// (the application's assemblies are shipped to every node).
/// </summary>
internal sealed class ObjectSerializer(ActorSystem system) : ISerializer
{
    public const int Id = 3;

    private enum Tag : byte
    {
        Null, String, Int32, Int64, Double, Single, Boolean, Byte, Int16, Char, Guid, DateTime, TimeSpan, Decimal,
        RawArray, ActorRef, Enum, Array, List, Dictionary, Object, Exception,
        // A primitive array sent after the value as a raw tail (see SerializeWithTails): the index of the tail.
        ArrayTail,
        // An ArraySegment<float>: the floats it covers, as a RawArray or an ArrayTail; read back as a segment over a whole array.
        FloatSegment,
    }

    // Type name -> type, for names seen on the wire.
    private static readonly ConcurrentDictionary<string, Type> s_types = new(StringComparer.Ordinal);
    // Type -> name written on the wire.
    private static readonly ConcurrentDictionary<Type, string> s_names = new();

    private static readonly PrimitiveSerializer s_primitives = new();

    public int Identifier => Id;

    public string Manifest(object value) => "";

    public void Serialize(object value, IBufferWriter<byte> output) => Write(new WireWriter(output), output, value, null);

    public object Deserialize(ReadOnlySpan<byte> bytes, string manifest) => Deserialize(bytes, tails: null);

    /// <summary>
    /// Writes <paramref name="value"/> like <see cref="Serialize"/>, except that each primitive array (or
    /// <see cref="ArraySegment{T}"/> of floats) of at least <paramref name="minTailBytes"/> bytes is left out of
    /// <paramref name="output"/> (only its index is written) and appended to <paramref name="tails"/>, for the transport to
    /// send as raw bytes straight from the array: a store slice record then crosses the wire without being copied into a
    /// serialization buffer first.
    /// </summary>
    public void SerializeWithTails(object value, IBufferWriter<byte> output, List<RawTail> tails, long minTailBytes) =>
        Write(new WireWriter(output), output, value, new TailSink(tails, minTailBytes));

    /// <summary>Rebuilds a value written by <see cref="SerializeWithTails"/> from its bytes and its tails (received into their arrays).</summary>
    /// <exception cref="FormatException">The bytes are malformed, refer to a tail that is not there, or leave a tail unused.</exception>
    public object Deserialize(ReadOnlySpan<byte> bytes, IReadOnlyList<object>? tails)
    {
        var reader = new WireReader(bytes);
        var used = tails is null || tails.Count == 0 ? null : new bool[tails.Count];
        var value = Read(ref reader, tails, used) ?? throw new FormatException("the payload is a null value");
        if (!reader.AtEnd) throw reader.Malformed("trailing bytes after the value");
        if (used is not null && Array.IndexOf(used, false) is var unused and >= 0)
            throw new FormatException($"array tail {unused} of {used.Length} is not referred to by the value");
        return value;
    }

    /// <summary>Where <see cref="SerializeWithTails"/> collects the arrays it leaves out.</summary>
    private sealed record TailSink(List<RawTail> Tails, long MinBytes);

    private static string NameOf(Type type) => s_names.GetOrAdd(type, t => $"{t.FullName}, {t.Assembly.GetName().Name}");

    private static Type TypeNamed(string name, ref WireReader reader)
    {
        if (s_types.TryGetValue(name, out var known)) return known;
        var type = Type.GetType(name, throwOnError: false) ?? throw reader.Malformed($"unknown type '{name}' (is its assembly loaded on this node?)");
        if (typeof(Delegate).IsAssignableFrom(type)) throw reader.Malformed($"refusing to deserialize delegate type '{name}'");
        s_types[name] = type;
        return type;
    }

    private void Write(WireWriter w, IBufferWriter<byte> output, object? value, TailSink? tails)
    {
        switch (value)
        {
            case null: w.Byte((byte)Tag.Null); return;
            case string s: w.Byte((byte)Tag.String); w.String(s); return;
            case int i: w.Byte((byte)Tag.Int32); w.Int32(i); return;
            case long l: w.Byte((byte)Tag.Int64); w.Int64(l); return;
            case double d: w.Byte((byte)Tag.Double); w.Double(d); return;
            case float f: w.Byte((byte)Tag.Single); w.Single(f); return;
            case bool b: w.Byte((byte)Tag.Boolean); w.Byte(b ? (byte)1 : (byte)0); return;
            case byte y: w.Byte((byte)Tag.Byte); w.Byte(y); return;
            case short h: w.Byte((byte)Tag.Int16); w.Int32(h); return;
            case char c: w.Byte((byte)Tag.Char); w.Int32(c); return;
            case Guid or DateTime or TimeSpan or decimal:
                w.Byte((byte)(value switch { Guid => Tag.Guid, DateTime => Tag.DateTime, TimeSpan => Tag.TimeSpan, _ => Tag.Decimal }));
                s_primitives.Serialize(value, output);
                return;
            case byte[] or float[] or double[] or int[] or long[]:
                WriteRaw(w, new RawTail((Array)value, 0, ((Array)value).Length), tails);
                return;
            case ArraySegment<float> segment:
                w.Byte((byte)Tag.FloatSegment);
                WriteRaw(w, new RawTail(segment.Array ?? Array.Empty<float>(), segment.Offset, segment.Count), tails);
                return;
            case IActorRef actor: w.Byte((byte)Tag.ActorRef); w.String(actor.Path.ToString()); return;
            case Enum e: w.Byte((byte)Tag.Enum); w.String(NameOf(e.GetType())); w.Int64(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture)); return;
            case Exception ex: w.Byte((byte)Tag.Exception); w.String(NameOf(ex.GetType())); w.String(ex.Message); return;
            case Array array:
                if (array.Rank != 1) throw new NotSupportedException($"cannot serialize a {array.Rank}-dimensional array");
                w.Byte((byte)Tag.Array);
                w.String(NameOf(array.GetType().GetElementType()!));
                w.VarUInt((ulong)array.Length);
                foreach (var item in array) Write(w, output, item, tails);
                return;
            case IDictionary dictionary:
                w.Byte((byte)Tag.Dictionary);
                w.String(NameOf(value.GetType()));
                w.VarUInt((ulong)dictionary.Count);
                foreach (DictionaryEntry entry in dictionary)
                {
                    Write(w, output, entry.Key, tails);
                    Write(w, output, entry.Value, tails);
                }
                return;
            case IList list:
                w.Byte((byte)Tag.List);
                w.String(NameOf(value.GetType()));
                w.VarUInt((ulong)list.Count);
                foreach (var item in list) Write(w, output, item, tails);
                return;
            default:
                var shape = TypeShape.Of(value.GetType());
                w.Byte((byte)Tag.Object);
                w.String(NameOf(shape.Type));
                w.VarUInt((ulong)(shape.ConstructorMembers.Length + shape.ExtraMembers.Length));
                foreach (var member in shape.ConstructorMembers) Write(w, output, TypeShape.Get(member, value), tails);
                foreach (var member in shape.ExtraMembers) Write(w, output, TypeShape.Get(member, value), tails);
                return;
        }
    }

    // A primitive array or a run of one: a raw tail when tails are collected and it is large enough, else inline.
    private static void WriteRaw(WireWriter w, RawTail raw, TailSink? tails)
    {
        var bytes = raw.Bytes.Span;
        if (tails is not null && bytes.Length >= tails.MinBytes)
        {
            w.Byte((byte)Tag.ArrayTail);
            w.VarUInt((ulong)tails.Tails.Count);
            tails.Tails.Add(raw);
            return;
        }
        w.Byte((byte)Tag.RawArray);
        w.String(raw.Manifest);
        w.Bytes(bytes);
    }

    private object? Read(ref WireReader r, IReadOnlyList<object>? tails, bool[]? used)
    {
        var tag = (Tag)r.Byte();
        switch (tag)
        {
            case Tag.Null: return null;
            case Tag.String: return r.String();
            case Tag.Int32: return r.Int32();
            case Tag.Int64: return r.Int64();
            case Tag.Double: return r.Double();
            case Tag.Single: return r.Single();
            case Tag.Boolean: return r.Byte() != 0;
            case Tag.Byte: return r.Byte();
            case Tag.Int16: return (short)r.Int32();
            case Tag.Char: return (char)r.Int32();
            case Tag.Guid: return new Guid(r.Take(16));
            case Tag.DateTime: return DateTime.FromBinary(r.Int64());
            case Tag.TimeSpan: return TimeSpan.FromTicks(r.Int64());
            case Tag.Decimal: return s_primitives.Deserialize(r.Take(16), "m");
            case Tag.RawArray:
            {
                var manifest = r.String();
                return new RawArraySerializer().Deserialize(r.Bytes(), manifest);
            }
            case Tag.ArrayTail:
            {
                ulong index = r.VarUInt();
                if (tails is null || index >= (ulong)tails.Count)
                    throw r.Malformed($"array tail {index} referred to, but the payload has {tails?.Count ?? 0} tails");
                used![index] = true;
                return tails[(int)index];
            }
            case Tag.FloatSegment:
                return Read(ref r, tails, used) switch
                {
                    float[] floats => new ArraySegment<float>(floats),
                    ArraySegment<float> landed => landed, // a tail received into an ask's landing
                    _ => throw r.Malformed("a float segment that holds no float array"),
                };
            case Tag.ActorRef: return system.ResolvePath(ActorPath.Parse(r.String()));
            case Tag.Enum:
            {
                var type = TypeNamed(r.String(), ref r);
                return Enum.ToObject(type, r.Int64());
            }
            case Tag.Exception:
            {
                var name = r.String();
                var message = r.String();
                var type = Type.GetType(name, throwOnError: false);
                try
                {
                    if (type is not null && typeof(Exception).IsAssignableFrom(type) && Activator.CreateInstance(type, message) is Exception e) return e;
                }
                catch (MissingMethodException) { }
                return new Exception($"{name}: {message}");
            }
            case Tag.Array:
            {
                var element = TypeNamed(r.String(), ref r);
                int count = Count(ref r);
                var array = Array.CreateInstance(element, count);
                for (int i = 0; i < count; i++) array.SetValue(Read(ref r, tails, used), i);
                return array;
            }
            case Tag.List:
            {
                var type = TypeNamed(r.String(), ref r);
                int count = Count(ref r);
                var list = Activator.CreateInstance(type) as IList ?? throw r.Malformed($"{type.Name} is not a list");
                for (int i = 0; i < count; i++) list.Add(Read(ref r, tails, used));
                return list;
            }
            case Tag.Dictionary:
            {
                var type = TypeNamed(r.String(), ref r);
                int count = Count(ref r);
                var dictionary = Activator.CreateInstance(type) as IDictionary ?? throw r.Malformed($"{type.Name} is not a dictionary");
                for (int i = 0; i < count; i++)
                {
                    var key = Read(ref r, tails, used) ?? throw r.Malformed("null dictionary key");
                    dictionary[key] = Read(ref r, tails, used);
                }
                return dictionary;
            }
            case Tag.Object:
            {
                var type = TypeNamed(r.String(), ref r);
                var shape = TypeShape.Of(type);
                int count = Count(ref r);
                if (count != shape.ConstructorMembers.Length + shape.ExtraMembers.Length)
                    throw r.Malformed($"{type.Name} has {shape.ConstructorMembers.Length + shape.ExtraMembers.Length} members here but {count} on the sender");
                var arguments = new object?[shape.ConstructorMembers.Length];
                for (int i = 0; i < arguments.Length; i++) arguments[i] = Read(ref r, tails, used);
                var instance = shape.Constructor is null ? Activator.CreateInstance(type)! : shape.Constructor.Invoke(arguments);
                foreach (var member in shape.ExtraMembers) TypeShape.Set(member, instance, Read(ref r, tails, used));
                return instance;
            }
            default:
                throw r.Malformed($"unknown value tag {(byte)tag}");
        }
    }

    private static int Count(ref WireReader r)
    {
        ulong count = r.VarUInt();
        return count > int.MaxValue ? throw r.Malformed($"element count {count} is too large") : (int)count;
    }
}
