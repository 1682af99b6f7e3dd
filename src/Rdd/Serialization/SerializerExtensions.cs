namespace ActorNet.Rdd.Serialization;

/// <summary>Whole-sequence helpers over <see cref="IRddSerializer"/>.</summary>
internal static class SerializerExtensions
{
    public static byte[] SerializeAll<T>(this IRddSerializer serializer, IReadOnlyCollection<T> values)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            var codec = serializer.CodecFor<T>();
            writer.Write(values.Count);
            foreach (var v in values) codec.Write(writer, v);
        }
        return stream.ToArray();
    }

    public static T[] DeserializeAll<T>(this IRddSerializer serializer, byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        var codec = serializer.CodecFor<T>();
        var n = reader.ReadInt32();
        var result = new T[n];
        for (var i = 0; i < n; i++) result[i] = codec.Read(reader);
        return result;
    }

    /// <summary>Deep-copies a value through the serializer (Spark clones zero values the same way).</summary>
    public static T Clone<T>(this IRddSerializer serializer, T value)
    {
        var stream = new MemoryStream();
        var codec = serializer.CodecFor<T>();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) codec.Write(writer, value);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        return codec.Read(reader);
    }
}
