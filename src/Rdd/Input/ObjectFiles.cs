using System.Text;

namespace ActorNet.Rdd.Input;

/// <summary>
/// The file format of SaveAsObjectFile / ObjectFile (Spark writes SequenceFiles of Java-serialized arrays; here
/// the context's <see cref="IRddSerializer"/>): a magic line, the serializer's and the element type's names
/// (checked when read, so reading with another type fails clearly instead of misreading bytes), then batches
/// of elements, each a marker byte 1 and an array written by the serializer, and a final marker byte 0 that
/// tells a complete file from a cut one.
/// </summary>
internal static class ObjectFiles
{
    private const string Magic = "ACTORNET-OBJECT-FILE 1";
    private const int BatchSize = 4096;
    private const byte MoreMarker = 1;
    private const byte EndMarker = 0;

    public static void Write<T>(string file, IEnumerable<T> items, IRddSerializer serializer)
    {
        using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(NameOf(serializer.GetType()));
        writer.Write(NameOf(typeof(T)));
        var codec = serializer.CodecFor<T[]>();
        var batch = new List<T>(BatchSize);
        foreach (var item in items)
        {
            batch.Add(item);
            if (batch.Count < BatchSize) continue;
            writer.Write(MoreMarker);
            codec.Write(writer, [.. batch]);
            batch.Clear();
        }
        if (batch.Count > 0)
        {
            writer.Write(MoreMarker);
            codec.Write(writer, [.. batch]);
        }
        writer.Write(EndMarker);
    }

    public static IEnumerable<T> Read<T>(string file, IRddSerializer serializer)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        CheckHeader<T>(file, reader, serializer);
        var codec = serializer.CodecFor<T[]>();
        while (true)
        {
            var marker = stream.ReadByte();
            if (marker == EndMarker) yield break;
            if (marker != MoreMarker)
                throw new InvalidDataException(marker < 0
                    ? $"{file}: object file ends at offset {stream.Position} without its end marker (cut short?)."
                    : $"{file}: unexpected byte {marker} at offset {stream.Position - 1} where a batch marker belongs.");
            T[] batch;
            try
            {
                batch = codec.Read(reader);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"{file}: object file ends inside a batch at offset {stream.Position} (cut short?).", e);
            }
            foreach (var item in batch) yield return item;
        }
    }

    private static void CheckHeader<T>(string file, BinaryReader reader, IRddSerializer serializer)
    {
        string magic, serializerName, typeName;
        try
        {
            magic = reader.ReadString();
            serializerName = magic == Magic ? reader.ReadString() : "";
            typeName = magic == Magic ? reader.ReadString() : "";
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            throw new InvalidDataException($"{file} is not an object file written by SaveAsObjectFile (no header).", e);
        }
        if (magic != Magic) throw new InvalidDataException($"{file} is not an object file written by SaveAsObjectFile (header \"{Truncate(magic)}\").");
        if (serializerName != NameOf(serializer.GetType()))
            throw new InvalidDataException($"{file} was written with serializer {serializerName}; this context uses {NameOf(serializer.GetType())}.");
        if (typeName != NameOf(typeof(T)))
            throw new InvalidDataException($"{file} holds elements of type {typeName}, not {NameOf(typeof(T))}.");
    }

    // The type's full name with generic arguments spelled out, without assembly versions (which change between builds).
    private static string NameOf(Type type)
    {
        if (type.IsArray) return NameOf(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (!type.IsGenericType) return type.FullName ?? type.Name;
        var definition = type.GetGenericTypeDefinition().FullName ?? type.Name;
        return $"{definition}[{string.Join(", ", type.GetGenericArguments().Select(NameOf))}]";
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
