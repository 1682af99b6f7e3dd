using System.Buffers.Binary;
using System.Text;

namespace ActorNet.Gpu.Tests.Caffe;

/// <summary>
/// Bytes laid out by hand with Caffe's field numbers (not through the generated code), so a wrong
/// number in caffe.proto would show up here rather than only in a round trip with itself.
/// </summary>
public sealed class CaffeWireFormatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actornet-wire").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Tag(int field, int wireType) => Varint((ulong)(field << 3 | wireType));

    private static byte[] Bytes(int field, byte[] content) => [.. Tag(field, 2), .. Varint((ulong)content.Length), .. content];

    private static byte[] Text(int field, string text) => Bytes(field, Encoding.UTF8.GetBytes(text));

    private static byte[] VarintField(int field, ulong value) => [.. Tag(field, 0), .. Varint(value)];

    private static byte[] PackedFloats(int field, float[] values)
    {
        var content = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(content.AsSpan(i * 4), values[i]);
        return Bytes(field, content);
    }

    [Fact]
    public void Current_layout_caffemodel_bytes_read_as_Caffe_wrote_them()
    {
        // BlobProto: data = 5 (packed floats), shape = 7 (BlobShape: dim = 1, packed); protobuf
        // serializers (Caffe's C++ one included) emit fields in field-number order.
        byte[] shape = Bytes(1, [.. Varint(2), .. Varint(3)]);
        byte[] blob = [.. PackedFloats(5, [1, 2, 3, 4, 5, 6]), .. Bytes(7, shape)];
        // LayerParameter: name = 1, type = 2, blobs = 7, inner_product_param = 117 (num_output = 1).
        byte[] layer = [.. Text(1, "fc"), .. Text(2, "InnerProduct"), .. Bytes(7, blob), .. Bytes(117, VarintField(1, 2))];
        // NetParameter: name = 1, layer = 100.
        byte[] net = [.. Text(1, "wire"), .. Bytes(100, layer)];
        string path = Path.Combine(_dir, "wire.caffemodel");
        File.WriteAllBytes(path, net);

        NetParameter read = CaffeModel.ReadNet(path);
        Assert.Equal("wire", read.Name);
        Assert.Equal("InnerProduct", read.Layer[0].Type);
        Assert.Equal(2u, read.Layer[0].InnerProductParam.NumOutput);
        var (name, blobs) = CaffeModel.LoadWeights(path).Single();
        Assert.Equal("fc", name);
        Assert.Equal([2, 3], blobs[0].Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], blobs[0].Data);

        // And what this side writes is byte-for-byte the layout Caffe uses for the same content.
        CaffeModel.WriteNet(Path.Combine(_dir, "again.caffemodel"), read);
        Assert.Equal(net, File.ReadAllBytes(Path.Combine(_dir, "again.caffemodel")));
    }

    [Fact]
    public void V1_layout_caffemodel_bytes_read_as_old_Caffe_wrote_them()
    {
        // BlobProto legacy dims: num = 1, channels = 2, height = 3, width = 4; unpacked floats (tag 5, wire type 5).
        var unpacked = new List<byte>();
        foreach (float v in new[] { 0.5f, -0.5f })
        {
            unpacked.AddRange(Tag(5, 5));
            var four = new byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            unpacked.AddRange(four);
        }
        byte[] blob = [.. VarintField(1, 1), .. VarintField(2, 1), .. VarintField(3, 1), .. VarintField(4, 2), .. unpacked];
        // V1LayerParameter: name = 4, type = 5 (CONVOLUTION = 4), blobs = 6, blobs_lr = 7.
        byte[] layer = [.. Text(4, "conv"), .. VarintField(5, 4), .. Bytes(6, blob)];
        // NetParameter: layers = 2.
        string path = Path.Combine(_dir, "v1.caffemodel");
        File.WriteAllBytes(path, Bytes(2, layer));

        NetParameter read = CaffeModel.ReadNet(path);
        Assert.Equal(V1LayerParameter.Types.LayerType.Convolution, read.Layers[0].Type);
        var (name, blobs) = CaffeModel.LoadWeights(path).Single();
        Assert.Equal("conv", name);
        Assert.Equal([1, 1, 1, 2], blobs[0].Shape);
        Assert.True(blobs[0].IsLegacyShape);
        Assert.Equal([0.5f, -0.5f], blobs[0].Data);
    }

    [Fact]
    public void Solver_state_and_key_parameter_numbers_match_Caffe()
    {
        // SolverParameter: base_lr = 5 (float, wire type 5), max_iter = 7, type = 40, momentum2 = 39.
        var bytes = new List<byte>();
        bytes.AddRange(Tag(5, 5));
        bytes.AddRange(BitConverter.GetBytes(0.25f));
        bytes.AddRange(VarintField(7, 900));
        bytes.AddRange(Text(40, "Adam"));
        bytes.AddRange(Tag(39, 5));
        bytes.AddRange(BitConverter.GetBytes(0.9f));
        SolverParameter solver = SolverParameter.Parser.ParseFrom([.. bytes]);
        Assert.Equal((0.25f, 900, "Adam", 0.9f), (solver.BaseLr, solver.MaxIter, solver.Type, solver.Momentum2));

        // SolverState: iter = 1, learned_net = 2, history = 3, current_step = 4.
        byte[] state = [.. VarintField(1, 77), .. Text(2, "x.caffemodel"), .. Bytes(3, PackedFloats(5, [1f])), .. VarintField(4, 2)];
        SolverState parsed = SolverState.Parser.ParseFrom(state);
        Assert.Equal((77, "x.caffemodel", 1, 2), (parsed.Iter, parsed.LearnedNet, parsed.History.Count, parsed.CurrentStep));
    }
}
