using System.Runtime.CompilerServices;
using ActorNet.Rdd.Serialization;

namespace ActorNet.Rdd;

/// <summary>
/// Fresh copies of a fold's zero value, as Spark makes by serializing it: every partition (and key) must
/// start from its own copy because seqOp may mutate it (arrays). Immutable types are returned as they are.
/// </summary>
internal static class ZeroValue
{
    /// <summary>A copy made with the running task's serializer (the default one on the driver).</summary>
    public static T Copy<T>(T zero) => Copy(zero, TaskContext.Get()?.Env.Serializer ?? BinaryRddSerializer.Instance);

    public static T Copy<T>(T zero, IRddSerializer serializer) => zero switch
    {
        _ when !RuntimeHelpers.IsReferenceOrContainsReferences<T>() => zero,
        null or string => zero,
        // Arrays of reference-free elements (the float[] of a gradient sum) are copied directly.
        Array array when !ContainsReferences(array.GetType().GetElementType()!) => (T)array.Clone(),
        _ => serializer.Clone(zero),
    };

    private static bool ContainsReferences(Type element) =>
        !element.IsValueType || element.IsPrimitive is false && element.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
            .Any(f => ContainsReferences(f.FieldType));
}
