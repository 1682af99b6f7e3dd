using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace ActorNet.Rdd.Closures;

/// <summary>
/// Reads what <see cref="ClosureWriter"/> wrote. Types and methods are resolved through an
/// <see cref="AssemblyLoadContext"/> (on a worker, the application's collectible context holding the shipped
/// assemblies); a method whose module version id differs from the driver's fails with an error naming the
/// assembly, since the worker would otherwise run other code than the driver compiled.
/// </summary>
internal sealed class ClosureReader
{
    private const BindingFlags AnyMethod = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private readonly BinaryReader _in;
    private readonly AssemblyLoadContext? _context;
    private readonly IClosureHandles _handles;
    private readonly List<object?> _objects = new();
    private readonly List<Type> _types = new();

    public ClosureReader(BinaryReader input, AssemblyLoadContext? context, IClosureHandles handles)
    {
        _in = input;
        _context = context;
        _handles = handles;
    }

    public object? ReadRoot() => ReadValue();

    private object? ReadValue()
    {
        var tag = (ClosureTag)_in.ReadByte();
        switch (tag)
        {
            case ClosureTag.Null: return null;
            case ClosureTag.BackReference: return _objects[_in.Read7BitEncodedInt()];
            case ClosureTag.String: return Register(_in.ReadString());
            case ClosureTag.Type:
            {
                var slot = Reserve();
                return _objects[slot] = ReadType();
            }
            case ClosureTag.Primitive: return ReadPrimitive(ReadType());
            case ClosureTag.Enum:
            {
                var type = ReadType();
                return Enum.ToObject(type, _in.ReadInt64());
            }
            case ClosureTag.Accumulator:
            {
                var slot = Reserve();
                var type = ReadType();
                var id = _in.ReadInt64();
                var zeroCopy = ReadValue() ?? throw new InvalidDataException($"Closure stream: accumulator {id} has no zero copy.");
                return _objects[slot] = _handles.ResolveAccumulator(type, id, zeroCopy);
            }
            case ClosureTag.Context: return _handles.ResolveContext();
            case ClosureTag.BlittableArray:
            {
                var slot = Reserve();
                var element = ReadType();
                return _objects[slot] = BlittableArrays.Read(_in, element, _in.Read7BitEncodedInt());
            }
            case ClosureTag.Broadcast:
            {
                var slot = Reserve();
                var type = ReadType();
                return _objects[slot] = _handles.ResolveBroadcast(type, _in.ReadInt64());
            }
            case ClosureTag.Delegate: return ReadDelegate();
            case ClosureTag.Array: return ReadArray();
            case ClosureTag.List:
            case ClosureTag.HashSet:
                return ReadCollection();
            case ClosureTag.Dictionary: return ReadDictionary();
            case ClosureTag.Object: return ReadObject();
            default: throw new InvalidDataException($"Closure stream: unknown tag {(byte)tag} at offset {_in.BaseStream.Position - 1}.");
        }
    }

    private object ReadObject()
    {
        var slot = Reserve();
        var type = ReadType();
        var obj = RuntimeHelpers.GetUninitializedObject(type);
        // A value type is not shared, so nothing refers back to it; its slot only keeps indices aligned.
        if (!type.IsValueType) _objects[slot] = obj;
        else _objects.RemoveAt(slot);
        foreach (var field in ClosureTypeRules.FieldsOf(type))
        {
            // Null is also what the writer sends for a field the closure never uses; the field keeps its default.
            var value = ReadValue();
            if (value is not null) field.SetValue(obj, value);
        }
        return obj;
    }

    private Delegate ReadDelegate()
    {
        var slot = Reserve();
        var delegateType = ReadType();
        var count = _in.Read7BitEncodedInt();
        Delegate? combined = null;
        for (var i = 0; i < count; i++)
        {
            var method = ReadMethod();
            var target = ReadValue();
            var part = method.IsStatic
                ? Delegate.CreateDelegate(delegateType, method)
                : Delegate.CreateDelegate(delegateType, target, method);
            combined = Delegate.Combine(combined, part);
        }
        _objects[slot] = combined;
        return combined ?? throw new InvalidDataException("Closure stream: a delegate with no methods.");
    }

    private MethodInfo ReadMethod()
    {
        var declaring = ReadType();
        var mvid = new Guid(_in.ReadBytes(16));
        var token = _in.ReadInt32();
        var genericArgs = new Type[_in.Read7BitEncodedInt()];
        for (var i = 0; i < genericArgs.Length; i++) genericArgs[i] = ReadType();
        if (ClosureTypeRules.VersionId(declaring.Module) != mvid)
        {
            throw new InvalidOperationException(
                $"The closure's method in {declaring.Assembly.FullName} was compiled from another build (module version {mvid}, here {declaring.Module.ModuleVersionId}); ship the application's assemblies to this worker.");
        }
        var method = declaring.GetMethods(AnyMethod).FirstOrDefault(m => m.MetadataToken == token)
            ?? throw new InvalidOperationException($"No method with metadata token 0x{token:X8} in {declaring.FullName}.");
        return genericArgs.Length == 0 ? method : method.MakeGenericMethod(genericArgs);
    }

    private Array ReadArray()
    {
        var slot = Reserve();
        var element = ReadType();
        var length = _in.Read7BitEncodedInt();
        var array = Array.CreateInstance(element, length);
        _objects[slot] = array;
        if (element.IsPrimitive)
        {
            var bytes = _in.ReadBytes(Buffer.ByteLength(array));
            Buffer.BlockCopy(bytes, 0, array, 0, bytes.Length);
            return array;
        }
        for (var i = 0; i < length; i++) array.SetValue(ReadValue(), i);
        return array;
    }

    private object ReadCollection()
    {
        var slot = Reserve();
        var type = ReadType();
        var count = _in.Read7BitEncodedInt();
        var collection = Activator.CreateInstance(type)!;
        _objects[slot] = collection;
        var add = type.GetMethod("Add", type.GetGenericArguments())!;
        var args = new object?[1];
        for (var i = 0; i < count; i++)
        {
            args[0] = ReadValue();
            add.Invoke(collection, args);
        }
        return collection;
    }

    private IDictionary ReadDictionary()
    {
        var slot = Reserve();
        var type = ReadType();
        var count = _in.Read7BitEncodedInt();
        var dictionary = (IDictionary)Activator.CreateInstance(type)!;
        _objects[slot] = dictionary;
        for (var i = 0; i < count; i++)
        {
            var key = ReadValue()!;
            dictionary.Add(key, ReadValue());
        }
        return dictionary;
    }

    private object ReadPrimitive(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => _in.ReadBoolean(),
        TypeCode.Char => (char)_in.ReadUInt16(),
        TypeCode.SByte => _in.ReadSByte(),
        TypeCode.Byte => _in.ReadByte(),
        TypeCode.Int16 => _in.ReadInt16(),
        TypeCode.UInt16 => _in.ReadUInt16(),
        TypeCode.Int32 => _in.ReadInt32(),
        TypeCode.UInt32 => _in.ReadUInt32(),
        TypeCode.Int64 => _in.ReadInt64(),
        TypeCode.UInt64 => _in.ReadUInt64(),
        TypeCode.Single => _in.ReadSingle(),
        TypeCode.Double => _in.ReadDouble(),
        _ when type == typeof(nint) => (nint)_in.ReadInt64(),
        _ when type == typeof(nuint) => (nuint)_in.ReadUInt64(),
        _ => throw new InvalidDataException($"Closure stream: {type} is not a primitive type."),
    };

    private Type ReadType()
    {
        var index = _in.Read7BitEncodedInt();
        if (index > 0) return _types[index - 1];
        var name = _in.ReadString();
        var type = _context is null
            ? Type.GetType(name, throwOnError: false)
            : Type.GetType(name, an => _context.LoadFromAssemblyName(an), null, throwOnError: false);
        if (type is null) throw new TypeLoadException($"Closure stream: type {name} cannot be loaded here (is its assembly shipped to this worker?).");
        _types.Add(type);
        return type;
    }

    private object Register(object value)
    {
        _objects.Add(value);
        return value;
    }

    private int Reserve()
    {
        _objects.Add(null);
        return _objects.Count - 1;
    }
}
