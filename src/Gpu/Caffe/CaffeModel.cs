using Google.Protobuf;

namespace ActorNet.Gpu;

/// <summary>
/// Reads and writes Caffe's binary files: trained nets (.caffemodel, a binary NetParameter whose
/// layers carry their parameter blobs) and single blobs (.binaryproto, e.g. mean images). Blobs
/// may use <c>shape</c> or the legacy num/channels/height/width fields; legacy V1 <c>layers</c>
/// (old model-zoo files) are read too. A truncated or corrupt file is a
/// <see cref="DataFormatException"/> naming the file, the byte offset and the field.
/// </summary>
public static class CaffeModel
{
    /// <summary>Reads a .caffemodel as a NetParameter, legacy V1 layers left as they are in the file.</summary>
    public static NetParameter ReadNet(string path) => Parse(path, NetParameter.Parser);

    /// <summary>Writes <paramref name="net"/> (definition plus blobs) as a binary .caffemodel.</summary>
    public static void WriteNet(string path, NetParameter net)
    {
        ArgumentNullException.ThrowIfNull(net);
        Write(path, net);
    }

    /// <summary>
    /// The trained parameters of a .caffemodel: for each layer that has blobs, its name and its
    /// blobs in Caffe's order (weights, then bias). Layers of both the current and the V1 layout
    /// are included, in file order.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, IReadOnlyList<BlobData>>> LoadWeights(string path)
    {
        NetParameter net = ReadNet(path);
        var result = new List<KeyValuePair<string, IReadOnlyList<BlobData>>>();
        try
        {
            foreach (LayerParameter layer in net.Layer)
                if (layer.Blobs.Count > 0) result.Add(new(layer.Name, Convert(layer.Name, layer.Blobs)));
            foreach (V1LayerParameter layer in net.Layers)
                if (layer.Blobs.Count > 0) result.Add(new(layer.Name, Convert(layer.Name, layer.Blobs)));
        }
        catch (FormatException e) when (e is not DataFormatException)
        {
            throw new DataFormatException(path, -1, e.Message, e);
        }
        return result;
    }

    /// <summary>
    /// Writes trained parameters as a .caffemodel that Caffe's <c>CopyTrainedLayersFrom</c> and
    /// this class read back: the layers of <paramref name="definition"/> (its name, types and
    /// settings, so the file is a complete Caffe net) with the blobs of <paramref name="weights"/>
    /// attached by layer name. Every named layer must exist in the definition.
    /// </summary>
    public static void SaveWeights(string path, NetParameter definition, IEnumerable<KeyValuePair<string, IReadOnlyList<BlobData>>> weights)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(weights);
        NetParameter net = definition.Clone();
        foreach (LayerParameter layer in net.Layer) layer.Blobs.Clear();
        foreach (var (name, blobs) in weights)
        {
            LayerParameter? layer = net.Layer.FirstOrDefault(l => l.Name == name)
                ?? throw new ArgumentException($"layer '{name}' is not in the net definition '{definition.Name}'", nameof(weights));
            foreach (BlobData blob in blobs) layer.Blobs.Add(blob.ToProto());
        }
        Write(path, net);
    }

    /// <summary>Reads a .binaryproto holding one blob (such as Caffe's mean.binaryproto).</summary>
    public static BlobData ReadBinaryProto(string path)
    {
        BlobProto proto = Parse(path, BlobProto.Parser);
        try
        {
            return BlobData.FromProto(proto, "blob");
        }
        catch (FormatException e) when (e is not DataFormatException)
        {
            throw new DataFormatException(path, -1, e.Message, e);
        }
    }

    /// <summary>Reads a .solverstate (Caffe's SolverState) through the same checks as a .caffemodel.</summary>
    /// <exception cref="DataFormatException">The file is truncated or malformed (the file and, where known, the offset are named).</exception>
    public static SolverState ReadSolverState(string path) => Parse(path, SolverState.Parser);

    /// <summary>Writes one blob as a .binaryproto.</summary>
    public static void WriteBinaryProto(string path, BlobData blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        Write(path, blob.ToProto());
    }

    private static List<BlobData> Convert(string layer, IList<BlobProto> blobs)
    {
        var result = new List<BlobData>(blobs.Count);
        for (int i = 0; i < blobs.Count; i++) result.Add(BlobData.FromProto(blobs[i], $"layer '{layer}' blob {i}"));
        return result;
    }

    private static T Parse<T>(string path, MessageParser<T> parser) where T : IMessage<T>
    {
        byte[] bytes = DataFormatException.ReadAllBytes(path);
        T empty = parser.ParseFrom(ByteString.Empty);
        WireFormatScanner.Scan(bytes, empty.Descriptor, path);
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new DataFormatException(path, -1, $"not a valid {empty.Descriptor.Name}: {e.Message}", e);
        }
    }

    private static void Write(string path, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(path);
        // Durably, through a temporary file: a crash never leaves a half-written model behind.
        DurableFile.Write(path, message.WriteTo);
    }
}
