using System.Reflection;
using System.Runtime.CompilerServices;

namespace ActorNet.Rdd.Closures;

/// <summary>
/// Which objects a closure may carry field by field, and in which order their fields are written. Like Spark,
/// which ships only <c>java.io.Serializable</c> objects, a type qualifies when the compiler generated it
/// (closure and display classes, anonymous types), when it is a value type, a record or a tuple, or when it is
/// marked <see cref="SerializableAttribute"/>. Everything else — sockets, streams, threads, locks, contexts —
/// holds state that means nothing in another process and is refused.
/// </summary>
internal static class ClosureTypeRules
{
    // Weak on the type, so that caching the fields of a type from an application's collectible context does not
    // keep that context from unloading.
    private static readonly ConditionalWeakTable<Type, FieldInfo[]> FieldsByType = new();

    // The answer per type (every job serializes its stages again); weak on the type like the field cache.
    private static readonly ConditionalWeakTable<Type, StrongBox<string?>> Verdicts = new();

    // Module version ids, read from metadata on every call otherwise.
    private static readonly ConditionalWeakTable<Module, StrongBox<Guid>> ModuleVersionIds = new();

    /// <summary>The module's version id (MVID), cached.</summary>
    public static Guid VersionId(Module module) => ModuleVersionIds.GetValue(module, static m => new StrongBox<Guid>(m.ModuleVersionId)).Value;

    /// <summary>Null when <paramref name="type"/>'s fields may be written, else why not.</summary>
    public static string? WhyNotByFields(Type type) => Verdicts.GetValue(type, static t => new StrongBox<string?>(Verdict(t))).Value;

    private static string? Verdict(Type type)
    {
        if (type.IsPointer || type.IsByRefLike) return "it is a pointer or by-ref-like type";
        if (typeof(MemberInfo).IsAssignableFrom(type)) return "reflection objects are not sent; capture the value instead";
        if (typeof(Delegate).IsAssignableFrom(type)) return null;
        if (type.IsValueType) return FieldsOf(type).Any(f => f.FieldType.IsPointer) ? "it holds a pointer" : null;
        if (IsCompilerGenerated(type) || IsRecord(type) || IsTuple(type) || type.IsDefined(typeof(SerializableAttribute), false)) return null;
        if (IsSerializableByContract(type) || IsDelegateComparer(type)) return null;
        return "it is not compiler-generated, a record, a tuple or a value type, and is not marked [Serializable]";
    }

    // Spark's AccumulatorV2 and Partitioner extend java.io.Serializable, so every subclass a user writes is
    // serializable; [Serializable] is not inherited in .NET, so the contract is stated here instead.
    private static bool IsSerializableByContract(Type type) =>
        typeof(IAccumulator).IsAssignableFrom(type) || typeof(Partitioner).IsAssignableFrom(type);

    // Comparer<T>.Create and EqualityComparer<T>.Create wrap a delegate and nothing else; the delegate is sent
    // like any closure (Scala's Ordering made from a function is serializable the same way).
    private static bool IsDelegateComparer(Type type) =>
        type.Assembly == typeof(object).Assembly && type.IsGenericType
        && type.GetGenericTypeDefinition().FullName is "System.Collections.Generic.ComparisonComparer`1" or "System.Collections.Generic.DelegateEqualityComparer`1";

    /// <summary>
    /// The instance fields of <paramref name="type"/> and its base classes that are sent, in a fixed order. A field
    /// marked <see cref="NonSerializedAttribute"/> is left out (Scala's <c>@transient</c>): a cache rebuilt on
    /// the receiving side, or a reference that must not drag more of the graph along (a shuffle's parent RDD).
    /// </summary>
    public static FieldInfo[] FieldsOf(Type type) => FieldsByType.GetValue(type, static t =>
    {
        var fields = new List<FieldInfo>();
        for (var c = t; c is not null && c != typeof(object) && c != typeof(ValueType); c = c.BaseType)
        {
            fields.AddRange(c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsDefined(typeof(NonSerializedAttribute), false))
                .OrderBy(f => f.MetadataToken));
        }
        return fields.ToArray();
    });

    /// <summary>A field name as the user wrote it: captured <c>this</c> and backing fields lose the compiler's decoration.</summary>
    public static string DisplayName(FieldInfo field)
    {
        var name = field.Name;
        if (name.EndsWith("__this", StringComparison.Ordinal)) return "this";
        if (name.StartsWith('<'))
        {
            var end = name.IndexOf('>');
            if (end > 1) return name[1..end];
        }
        return name;
    }

    private static bool IsCompilerGenerated(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (t.IsDefined(typeof(CompilerGeneratedAttribute), false)) return true;
        }
        return false;
    }

    private static bool IsRecord(Type type) =>
        type.GetMethod("<Clone>$", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic) is not null;

    private static bool IsTuple(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName is { } n && n.StartsWith("System.Tuple`", StringComparison.Ordinal);
}
