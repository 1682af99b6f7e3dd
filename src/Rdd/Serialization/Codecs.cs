using System.Runtime.CompilerServices;

namespace ActorNet.Rdd.Serialization;

/// <summary>Builds and caches the binary codec of each type (see <see cref="BinaryRddSerializer"/>).</summary>
internal static class Codecs
{
    // Untyped adapters for types only known at run time (object-typed values), by runtime type; keyed weakly so that a
    // finished application's types (a collectible load context on a worker) can be unloaded.
    private static readonly ConditionalWeakTable<Type, object> ByType = new();

    public static IRecordCodec<T> For<T>() => Cache<T>.Instance;

    public static IObjectCodec ForType(Type type) =>
        (IObjectCodec)ByType.GetValue(type, t => Make(typeof(ObjectAdapter<>), t));

    private static class Cache<T>
    {
        public static readonly IRecordCodec<T> Instance = (IRecordCodec<T>)Build(typeof(T));
    }

    private static object Build(Type t)
    {
        if (t == typeof(object)) return new ObjectCodec();
        if (t == typeof(string)) return new StringCodec();
        if (!IsReferenceOrContainsReferences(t)) return Make(typeof(BlittableCodec<>), t);
        if (t.IsArray && t.GetArrayRank() == 1)
        {
            var e = t.GetElementType()!;
            return IsReferenceOrContainsReferences(e) ? Make(typeof(ArrayCodec<>), e) : Make(typeof(BlittableArrayCodec<>), e);
        }
        if (t.IsGenericType)
        {
            var def = t.GetGenericTypeDefinition();
            var args = t.GetGenericArguments();
            if (def == typeof(List<>)) return Make(typeof(ListCodec<>), args);
            if (def == typeof(Dictionary<,>)) return Make(typeof(DictionaryCodec<,>), args);
            if (def == typeof(KeyValuePair<,>)) return Make(typeof(KeyValuePairCodec<,>), args);
            if (def == typeof(ValueTuple<,>)) return Make(typeof(ValueTuple2Codec<,>), args);
            if (def == typeof(ValueTuple<,,>)) return Make(typeof(ValueTuple3Codec<,,>), args);
            if (def == typeof(ValueTuple<,,,>)) return Make(typeof(ValueTuple4Codec<,,,>), args);
            if (def == typeof(Tuple<,>)) return Make(typeof(Tuple2Codec<,>), args);
            if (def == typeof(Tuple<,,>)) return Make(typeof(Tuple3Codec<,,>), args);
            if (def == typeof(Nullable<>)) return Make(typeof(NullableCodec<>), args);
            if (def == typeof(Option<>)) return Make(typeof(OptionCodec<>), args);
        }
        return Make(typeof(MessagePackCodec<>), t);
    }

    private static object Make(Type generic, params Type[] args) => Activator.CreateInstance(generic.MakeGenericType(args))!;

    private static bool IsReferenceOrContainsReferences(Type t) =>
        (bool)typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!
            .MakeGenericMethod(t).Invoke(null, null)!;
}
