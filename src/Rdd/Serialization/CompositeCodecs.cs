namespace ActorNet.Rdd.Serialization;

/// <summary>Arrays of types with references: a length (-1 for null), then each element.</summary>
internal sealed class ArrayCodec<T> : IRecordCodec<T[]?>
{
    private readonly IRecordCodec<T> _element = Codecs.For<T>();

    public void Write(BinaryWriter writer, T[]? value)
    {
        if (value is null) { writer.Write(-1); return; }
        writer.Write(value.Length);
        foreach (var item in value) _element.Write(writer, item);
    }

    public T[]? Read(BinaryReader reader)
    {
        var n = reader.ReadInt32();
        if (n < 0) return null;
        var result = new T[n];
        for (var i = 0; i < n; i++) result[i] = _element.Read(reader);
        return result;
    }
}

/// <summary>Lists: a length (-1 for null), then each element.</summary>
internal sealed class ListCodec<T> : IRecordCodec<List<T>?>
{
    private readonly IRecordCodec<T> _element = Codecs.For<T>();

    public void Write(BinaryWriter writer, List<T>? value)
    {
        if (value is null) { writer.Write(-1); return; }
        writer.Write(value.Count);
        foreach (var item in value) _element.Write(writer, item);
    }

    public List<T>? Read(BinaryReader reader)
    {
        var n = reader.ReadInt32();
        if (n < 0) return null;
        var result = new List<T>(n);
        for (var i = 0; i < n; i++) result.Add(_element.Read(reader));
        return result;
    }
}

/// <summary>Dictionaries: a count (-1 for null), then key/value pairs.</summary>
internal sealed class DictionaryCodec<K, V> : IRecordCodec<Dictionary<K, V>?> where K : notnull
{
    private readonly IRecordCodec<K> _key = Codecs.For<K>();
    private readonly IRecordCodec<V> _value = Codecs.For<V>();

    public void Write(BinaryWriter writer, Dictionary<K, V>? value)
    {
        if (value is null) { writer.Write(-1); return; }
        writer.Write(value.Count);
        foreach (var (k, v) in value) { _key.Write(writer, k); _value.Write(writer, v); }
    }

    public Dictionary<K, V>? Read(BinaryReader reader)
    {
        var n = reader.ReadInt32();
        if (n < 0) return null;
        var result = new Dictionary<K, V>(n);
        for (var i = 0; i < n; i++) result.Add(_key.Read(reader), _value.Read(reader));
        return result;
    }
}

internal sealed class KeyValuePairCodec<K, V> : IRecordCodec<KeyValuePair<K, V>>
{
    private readonly IRecordCodec<K> _key = Codecs.For<K>();
    private readonly IRecordCodec<V> _value = Codecs.For<V>();

    public void Write(BinaryWriter writer, KeyValuePair<K, V> value) { _key.Write(writer, value.Key); _value.Write(writer, value.Value); }

    public KeyValuePair<K, V> Read(BinaryReader reader) => new(_key.Read(reader), _value.Read(reader));
}

internal sealed class ValueTuple2Codec<A, B> : IRecordCodec<ValueTuple<A, B>>
{
    private readonly IRecordCodec<A> _a = Codecs.For<A>();
    private readonly IRecordCodec<B> _b = Codecs.For<B>();

    public void Write(BinaryWriter writer, (A, B) value) { _a.Write(writer, value.Item1); _b.Write(writer, value.Item2); }

    public (A, B) Read(BinaryReader reader) => (_a.Read(reader), _b.Read(reader));
}

internal sealed class ValueTuple3Codec<A, B, C> : IRecordCodec<ValueTuple<A, B, C>>
{
    private readonly IRecordCodec<A> _a = Codecs.For<A>();
    private readonly IRecordCodec<B> _b = Codecs.For<B>();
    private readonly IRecordCodec<C> _c = Codecs.For<C>();

    public void Write(BinaryWriter writer, (A, B, C) value)
    {
        _a.Write(writer, value.Item1); _b.Write(writer, value.Item2); _c.Write(writer, value.Item3);
    }

    public (A, B, C) Read(BinaryReader reader) => (_a.Read(reader), _b.Read(reader), _c.Read(reader));
}

internal sealed class ValueTuple4Codec<A, B, C, D> : IRecordCodec<ValueTuple<A, B, C, D>>
{
    private readonly IRecordCodec<A> _a = Codecs.For<A>();
    private readonly IRecordCodec<B> _b = Codecs.For<B>();
    private readonly IRecordCodec<C> _c = Codecs.For<C>();
    private readonly IRecordCodec<D> _d = Codecs.For<D>();

    public void Write(BinaryWriter writer, (A, B, C, D) value)
    {
        _a.Write(writer, value.Item1); _b.Write(writer, value.Item2); _c.Write(writer, value.Item3); _d.Write(writer, value.Item4);
    }

    public (A, B, C, D) Read(BinaryReader reader) => (_a.Read(reader), _b.Read(reader), _c.Read(reader), _d.Read(reader));
}

internal sealed class Tuple2Codec<A, B> : IRecordCodec<Tuple<A, B>?>
{
    private readonly IRecordCodec<A> _a = Codecs.For<A>();
    private readonly IRecordCodec<B> _b = Codecs.For<B>();

    public void Write(BinaryWriter writer, Tuple<A, B>? value)
    {
        writer.Write(value is not null);
        if (value is null) return;
        _a.Write(writer, value.Item1); _b.Write(writer, value.Item2);
    }

    public Tuple<A, B>? Read(BinaryReader reader) => reader.ReadBoolean() ? Tuple.Create(_a.Read(reader), _b.Read(reader)) : null;
}

internal sealed class Tuple3Codec<A, B, C> : IRecordCodec<Tuple<A, B, C>?>
{
    private readonly IRecordCodec<A> _a = Codecs.For<A>();
    private readonly IRecordCodec<B> _b = Codecs.For<B>();
    private readonly IRecordCodec<C> _c = Codecs.For<C>();

    public void Write(BinaryWriter writer, Tuple<A, B, C>? value)
    {
        writer.Write(value is not null);
        if (value is null) return;
        _a.Write(writer, value.Item1); _b.Write(writer, value.Item2); _c.Write(writer, value.Item3);
    }

    public Tuple<A, B, C>? Read(BinaryReader reader) =>
        reader.ReadBoolean() ? Tuple.Create(_a.Read(reader), _b.Read(reader), _c.Read(reader)) : null;
}

/// <summary>Nullable structs that contain references (those without are blitted).</summary>
internal sealed class NullableCodec<T> : IRecordCodec<T?> where T : struct
{
    private readonly IRecordCodec<T> _inner = Codecs.For<T>();

    public void Write(BinaryWriter writer, T? value)
    {
        writer.Write(value.HasValue);
        if (value.HasValue) _inner.Write(writer, value.Value);
    }

    public T? Read(BinaryReader reader) => reader.ReadBoolean() ? _inner.Read(reader) : null;
}

/// <summary>Scala's Option (outer joins' missing sides): a presence flag, then the value. JSON cannot rebuild it (private constructor).</summary>
internal sealed class OptionCodec<T> : IRecordCodec<Option<T>>
{
    private readonly IRecordCodec<T> _inner = Codecs.For<T>();

    public void Write(BinaryWriter writer, Option<T> value)
    {
        writer.Write(value.HasValue);
        if (value.HasValue) _inner.Write(writer, value.Value);
    }

    public Option<T> Read(BinaryReader reader) => reader.ReadBoolean() ? Option<T>.Some(_inner.Read(reader)) : Option<T>.None;
}
