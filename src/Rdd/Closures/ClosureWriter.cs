using System.Collections;
using System.Reflection;
using System.Reflection.Emit;

namespace ActorNet.Rdd.Closures;

/// <summary>
/// Writes a delegate as its method's identity (declaring type, module version id, metadata token, generic
/// arguments) plus the object graph its target captures, field by field. Shared references and cycles are
/// written once and referred to by index. The first value that cannot be sent stops the writer with a
/// <see cref="TaskNotSerializableException"/> naming the field's path from the closure.
/// </summary>
internal sealed class ClosureWriter
{
    private readonly BinaryWriter _out;
    private readonly Dictionary<object, int> _objects = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Type, int> _types = new();
    private readonly List<string> _path = new();

    // Where in _path each user delegate being written starts: an error names the field from the innermost
    // user closure (what the user wrote), not from the task's internals.
    private readonly Stack<int> _userClosureStarts = new();

    // True while the value being written is held by a field of ActorNet.Rdd's own types (an RDD's Context).
    private bool _viaOwnField;

    // The accumulator to write by value (its fields) rather than as a handle: a zero copy or a task's update.
    private object? _accumulatorByValue;

    public ClosureWriter(BinaryWriter output) => _out = output;

    private static readonly Assembly OwnAssembly = typeof(ClosureWriter).Assembly;

    /// <summary>The assemblies whose types or methods the graph names (the worker must have or receive them).</summary>
    public HashSet<Assembly> Assemblies { get; } = new();

    /// <summary>The broadcasts the graph refers to, by id (the driver must be ready to serve their values).</summary>
    public Dictionary<long, object> Broadcasts { get; } = new();

    public void WriteRoot(object? value)
    {
        FindUsedFields(value);
        WriteValue(value);
    }

    /// <summary>Writes an accumulator with its value (a task's update going back to the driver), not as a handle.</summary>
    public void WriteAccumulatorValue(IAccumulator accumulator)
    {
        _accumulatorByValue = accumulator;
        WriteValue(accumulator);
    }

    // Fields of display classes that some reachable closure body reads or writes; other fields are sent as null.
    private readonly HashSet<(Module, int)> _usedFields = new();
    private readonly HashSet<MethodBase> _scannedMethods = new();

    // Scanning a delegate can make more display-class fields live, which can reach more delegates: repeat the
    // walk until nothing new is found.
    private void FindUsedFields(object? root)
    {
        int before;
        do
        {
            before = _usedFields.Count + _scannedMethods.Count;
            _skippedFields = false;
            Walk(root, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
        // Another pass only if a field was skipped as unused and a scan since may have made it used.
        while (_skippedFields && _usedFields.Count + _scannedMethods.Count != before);
    }

    // Set when a walk skipped a display-class field that no closure scanned so far uses.
    private bool _skippedFields;

    // Substitutes chosen by IReplacedWhenShipped objects, one per object so that shared references stay shared.
    private readonly Dictionary<object, object> _replacements = new(ReferenceEqualityComparer.Instance);

    private object? Replace(object? value)
    {
        if (value is not IReplacedWhenShipped replaced) return value;
        if (!_replacements.TryGetValue(value, out var replacement)) _replacements[value] = replacement = replaced.ReplacementForShipping();
        return replacement;
    }

    private void Walk(object? value, HashSet<object> visited)
    {
        value = Replace(value);
        if (value is null or string or Type or IAccumulator or ClusterContext) return;
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum) return;
        if (!type.IsValueType && !visited.Add(value)) return;
        switch (value)
        {
            case Delegate d:
                foreach (var part in d.GetInvocationList())
                {
                    if (part.Method is not DynamicMethod && !part.Method.Module.Assembly.IsDynamic)
                    {
                        ClosureBodyScanner.Scan(part.Method, _usedFields, _scannedMethods);
                    }
                    Walk(part.Target, visited);
                }
                return;
            case Array a:
                // Elements that cannot lead to a delegate (numbers, strings, structs of numbers): a Parallelize of
                // millions of them is not walked element by element.
                var element = type.GetElementType()!;
                if (element.IsPrimitive || element == typeof(string) || BlittableArrays.IsBlittable(element)) return;
                foreach (var item in a) Walk(item, visited);
                return;
            case IDictionary dict when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>):
                foreach (DictionaryEntry e in dict)
                {
                    Walk(e.Key, visited);
                    Walk(e.Value, visited);
                }
                return;
            case IEnumerable items when type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(List<>) || type.GetGenericTypeDefinition() == typeof(HashSet<>)):
                foreach (var item in items) Walk(item, visited);
                return;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Broadcast<>)) return;
        if (ClosureTypeRules.WhyNotByFields(type) is not null) return;
        var pruned = ClosureBodyScanner.IsDisplayClass(type);
        foreach (var field in ClosureTypeRules.FieldsOf(type))
        {
            if (pruned && !_usedFields.Contains((field.Module, field.MetadataToken)))
            {
                _skippedFields = true;
                continue;
            }
            Walk(field.GetValue(value), visited);
        }
    }

    private void WriteValue(object? value)
    {
        var viaOwnField = _viaOwnField;
        _viaOwnField = false;
        if (value is null)
        {
            _out.Write((byte)ClosureTag.Null);
            return;
        }
        value = Replace(value)!;
        var type = value.GetType();
        if (value is ClusterContext)
        {
            // An RDD's context becomes the receiver's context; user code capturing the driver's context is refused
            // (Spark's SparkContext is not serializable either).
            if (!viaOwnField) Fail(type, "the ClusterContext exists only on the driver; use it outside the function, and capture the values it gives instead");
            _out.Write((byte)ClosureTag.Context);
            return;
        }
        if (!type.IsValueType)
        {
            if (_objects.TryGetValue(value, out var index))
            {
                _out.Write((byte)ClosureTag.BackReference);
                _out.Write7BitEncodedInt(index);
                return;
            }
            _objects.Add(value, _objects.Count);
        }
        switch (value)
        {
            case string s:
                _out.Write((byte)ClosureTag.String);
                _out.Write(s);
                return;
            case Type t:
                _out.Write((byte)ClosureTag.Type);
                WriteType(t);
                return;
            case Delegate d:
                WriteDelegate(d);
                return;
            case IAccumulator a when !ReferenceEquals(a, _accumulatorByValue):
                if (a.Id < 0) Fail(type, "the accumulator is not registered with the context");
                _out.Write((byte)ClosureTag.Accumulator);
                WriteType(type);
                _out.Write(a.Id);
                // A zero copy with the id and name (Spark's copyAndReset): what an executor's tasks add to.
                var zero = a.CopyAndResetUntyped();
                _accumulatorByValue = zero;
                WriteValue(zero);
                return;
        }
        if (type.IsPrimitive)
        {
            _out.Write((byte)ClosureTag.Primitive);
            WriteType(type);
            WritePrimitive(value);
            return;
        }
        if (type.IsEnum)
        {
            _out.Write((byte)ClosureTag.Enum);
            WriteType(type);
            _out.Write(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        if (type.IsArray)
        {
            WriteArray((Array)value, type);
            return;
        }
        if (type.IsGenericType)
        {
            var def = type.GetGenericTypeDefinition();
            if (def == typeof(Broadcast<>))
            {
                _out.Write((byte)ClosureTag.Broadcast);
                WriteType(type);
                var id = (long)type.GetProperty(nameof(Broadcast<int>.Id))!.GetValue(value)!;
                _out.Write(id);
                Broadcasts[id] = value;
                return;
            }
            if (def == typeof(List<>)) { WriteSequence(ClosureTag.List, type, (IList)value); return; }
            if (def == typeof(HashSet<>)) { WriteSet(type, (IEnumerable)value); return; }
            if (def == typeof(Dictionary<,>)) { WriteDictionary(type, (IDictionary)value); return; }
        }
        var why = ClosureTypeRules.WhyNotByFields(type);
        if (why is not null) Fail(type, why);
        _out.Write((byte)ClosureTag.Object);
        WriteType(type);
        var pruned = ClosureBodyScanner.IsDisplayClass(type);
        foreach (var field in ClosureTypeRules.FieldsOf(type))
        {
            if (pruned && !_usedFields.Contains((field.Module, field.MetadataToken)))
            {
                // A local captured only by sibling lambdas of the same scope: this closure never touches it.
                _out.Write((byte)ClosureTag.Null);
                continue;
            }
            _path.Add(ClosureTypeRules.DisplayName(field));
            _viaOwnField = field.DeclaringType!.Assembly == OwnAssembly;
            WriteValue(field.GetValue(value));
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private void WriteDelegate(Delegate d)
    {
        var parts = d.GetInvocationList();
        _out.Write((byte)ClosureTag.Delegate);
        WriteType(d.GetType());
        _out.Write7BitEncodedInt(parts.Length);
        foreach (var part in parts)
        {
            var method = part.Method;
            if (method is DynamicMethod || method.DeclaringType is null || method.Module.Assembly.IsDynamic)
            {
                Fail(part.GetType(), $"its method {method.Name} was generated at run time and exists only in this process");
            }
            WriteType(method.DeclaringType!);
            _out.Write(ClosureTypeRules.VersionId(method.Module).ToByteArray());
            _out.Write(method.MetadataToken);
            var genericArgs = method.IsGenericMethod ? method.GetGenericArguments() : Type.EmptyTypes;
            _out.Write7BitEncodedInt(genericArgs.Length);
            foreach (var g in genericArgs) WriteType(g);
            var user = method.Module.Assembly != OwnAssembly;
            if (user) _userClosureStarts.Push(_path.Count);
            WriteValue(part.Target);
            if (user) _userClosureStarts.Pop();
        }
    }

    private void WriteArray(Array array, Type type)
    {
        if (type.GetArrayRank() != 1) Fail(type, "only one-dimensional arrays are sent");
        var element = type.GetElementType()!;
        if (!element.IsPrimitive && BlittableArrays.IsBlittable(element) && ClosureTypeRules.WhyNotByFields(element) is null)
        {
            // Value tuples and structs of numbers (a Parallelize of (int, long) pairs): one block, not per-element fields.
            _out.Write((byte)ClosureTag.BlittableArray);
            WriteType(element);
            _out.Write7BitEncodedInt(array.Length);
            BlittableArrays.Write(_out, array);
            return;
        }
        _out.Write((byte)ClosureTag.Array);
        WriteType(element);
        _out.Write7BitEncodedInt(array.Length);
        if (element.IsPrimitive)
        {
            var bytes = new byte[Buffer.ByteLength(array)];
            Buffer.BlockCopy(array, 0, bytes, 0, bytes.Length);
            _out.Write(bytes);
            return;
        }
        for (var i = 0; i < array.Length; i++) WriteElement(array.GetValue(i), i);
    }

    private void WriteSequence(ClosureTag tag, Type type, IList list)
    {
        _out.Write((byte)tag);
        WriteType(type);
        _out.Write7BitEncodedInt(list.Count);
        for (var i = 0; i < list.Count; i++) WriteElement(list[i], i);
    }

    private void WriteSet(Type type, IEnumerable set)
    {
        RequireDefaultComparer(type, set);
        var items = set.Cast<object?>().ToList();
        _out.Write((byte)ClosureTag.HashSet);
        WriteType(type);
        _out.Write7BitEncodedInt(items.Count);
        for (var i = 0; i < items.Count; i++) WriteElement(items[i], i);
    }

    private void WriteDictionary(Type type, IDictionary dictionary)
    {
        RequireDefaultComparer(type, dictionary);
        _out.Write((byte)ClosureTag.Dictionary);
        WriteType(type);
        _out.Write7BitEncodedInt(dictionary.Count);
        var i = 0;
        foreach (DictionaryEntry entry in dictionary)
        {
            WriteElement(entry.Key, i);
            WriteElement(entry.Value, i);
            i++;
        }
    }

    // A custom comparer is arbitrary code with arbitrary state: refuse it rather than silently change lookups.
    private void RequireDefaultComparer(Type type, object collection)
    {
        var comparer = type.GetProperty("Comparer")!.GetValue(collection);
        var defaultComparer = typeof(EqualityComparer<>).MakeGenericType(type.GetGenericArguments()[0]).GetProperty("Default")!.GetValue(null);
        if (!Equals(comparer, defaultComparer)) Fail(type, $"it uses the custom comparer {comparer?.GetType().FullName}");
    }

    private void WriteElement(object? value, int index)
    {
        _path.Add($"[{index}]");
        WriteValue(value);
        _path.RemoveAt(_path.Count - 1);
    }

    private void WritePrimitive(object value)
    {
        switch (value)
        {
            case bool v: _out.Write(v); break;
            case char v: _out.Write((ushort)v); break;
            case sbyte v: _out.Write(v); break;
            case byte v: _out.Write(v); break;
            case short v: _out.Write(v); break;
            case ushort v: _out.Write(v); break;
            case int v: _out.Write(v); break;
            case uint v: _out.Write(v); break;
            case long v: _out.Write(v); break;
            case ulong v: _out.Write(v); break;
            case float v: _out.Write(v); break;
            case double v: _out.Write(v); break;
            case nint v: _out.Write((long)v); break;
            case nuint v: _out.Write((ulong)v); break;
            default: throw new InvalidOperationException($"Unexpected primitive type {value.GetType()}.");
        }
    }

    private void WriteType(Type type)
    {
        if (_types.TryGetValue(type, out var index))
        {
            _out.Write7BitEncodedInt(index + 1);
            return;
        }
        if (type.IsGenericParameter || type.ContainsGenericParameters) Fail(type, "it is an open generic type");
        _types.Add(type, _types.Count);
        _out.Write7BitEncodedInt(0);
        _out.Write(type.AssemblyQualifiedName!);
        NoteAssemblies(type);
    }

    private void NoteAssemblies(Type type)
    {
        if (type.HasElementType) { NoteAssemblies(type.GetElementType()!); return; }
        Assemblies.Add(type.Assembly);
        if (type.IsGenericType) foreach (var a in type.GetGenericArguments()) NoteAssemblies(a);
    }

    private void Fail(Type type, string reason)
    {
        var start = _userClosureStarts.Count > 0 ? _userClosureStarts.Peek() : 0;
        var names = _path.Skip(start).ToList();
        var path = names.Count == 0 ? "(the closure itself)" : string.Join('.', names).Replace(".[", "[", StringComparison.Ordinal);
        throw new TaskNotSerializableException(path, type, reason);
    }
}
