using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActorNet.Rdd.Closures;

/// <summary>
/// Arrays of structs without references (value tuples of numbers, <c>DateTime</c>, user structs of numbers) as
/// one block of raw bytes: a <c>Parallelize</c> of millions of pairs is written in one copy instead of field by
/// field. Writer and reader run the same runtime on the same architecture (every node of one cluster does), so
/// the layout is the same on both sides — the data serializer makes the same assumption.
/// </summary>
internal static class BlittableArrays
{
    // Keyed weakly: an application's types live in a collectible load context on a worker, and a strong key here would
    // keep every finished application's assemblies (and their code) loaded for good.
    private static readonly ConditionalWeakTable<Type, StrongBox<bool>> Blittable = new();
    private static readonly ConditionalWeakTable<Type, Action<BinaryWriter, Array>> Writers = new();
    private static readonly ConditionalWeakTable<Type, Func<BinaryReader, int, Array>> Readers = new();

    private static readonly MethodInfo IsReferenceOrContainsReferences =
        typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!;

    /// <summary>True for a value type holding no references (and no pointers, which mean nothing elsewhere).</summary>
    public static bool IsBlittable(Type element) => element.IsValueType && Blittable.GetValue(element, static t => new StrongBox<bool>(
        !t.ContainsGenericParameters && !(bool)IsReferenceOrContainsReferences.MakeGenericMethod(t).Invoke(null, null)!
        && !ClosureTypeRules.FieldsOf(t).Any(f => f.FieldType.IsPointer))).Value;

    public static void Write(BinaryWriter output, Array array) =>
        Writers.GetValue(array.GetType().GetElementType()!, static t =>
            typeof(BlittableArrays).GetMethod(nameof(WriteTyped), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t)
                .CreateDelegate<Action<BinaryWriter, Array>>())(output, array);

    public static Array Read(BinaryReader input, Type element, int length) =>
        Readers.GetValue(element, static t =>
            typeof(BlittableArrays).GetMethod(nameof(ReadTyped), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t)
                .CreateDelegate<Func<BinaryReader, int, Array>>())(input, length);

    private static void WriteTyped<T>(BinaryWriter output, Array array) where T : struct =>
        output.Write(MemoryMarshal.AsBytes(((T[])array).AsSpan()));

    private static Array ReadTyped<T>(BinaryReader input, int length) where T : struct
    {
        var array = new T[length];
        var bytes = MemoryMarshal.AsBytes(array.AsSpan());
        if (input.Read(bytes) != bytes.Length)
            throw new InvalidDataException($"Closure stream: an array of {length} {typeof(T)} ends early at offset {input.BaseStream.Position}.");
        return array;
    }
}
