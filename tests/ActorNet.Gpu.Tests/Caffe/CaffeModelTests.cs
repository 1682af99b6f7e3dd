using Google.Protobuf;

namespace ActorNet.Gpu.Tests.Caffe;

public sealed class CaffeModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actornet-caffemodel").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => System.IO.Path.Combine(_dir, name);

    private static float[] Ramp(int n, float scale) => Enumerable.Range(0, n).Select(i => i * scale - 1f).ToArray();

    [Fact]
    public void Weights_round_trip_through_a_caffemodel_with_the_net_definition()
    {
        NetParameter lenet = ProtoLoader.LoadNetPrototxt(TestData.Path("lenet_train_test.prototxt"));
        var weights = new List<KeyValuePair<string, IReadOnlyList<BlobData>>>
        {
            new("conv1", [new BlobData([20, 1, 5, 5], Ramp(500, 0.01f)), new BlobData([20], Ramp(20, 0.5f))]),
            new("ip2", [new BlobData([10, 500], Ramp(5000, 1e-4f)), new BlobData([10], Ramp(10, 3f))]),
        };
        string path = File("lenet.caffemodel");
        CaffeModel.SaveWeights(path, lenet, weights);

        var loaded = CaffeModel.LoadWeights(path);
        Assert.Equal(["conv1", "ip2"], loaded.Select(w => w.Key));
        for (int i = 0; i < weights.Count; i++)
        {
            for (int b = 0; b < 2; b++)
            {
                Assert.Equal(weights[i].Value[b].Shape, loaded[i].Value[b].Shape);
                Assert.Equal(weights[i].Value[b].Data, loaded[i].Value[b].Data);
                Assert.False(loaded[i].Value[b].IsLegacyShape);
            }
        }
        // The file is a complete Caffe net: the definition comes back with the blobs attached.
        NetParameter net = CaffeModel.ReadNet(path);
        Assert.Equal("LeNet", net.Name);
        Assert.Equal(lenet.Layer.Select(l => l.Name), net.Layer.Select(l => l.Name));
        Assert.Equal(20u, net.Layer.Single(l => l.Name == "conv1").ConvolutionParam.NumOutput);
        Assert.Empty(lenet.Layer.Single(l => l.Name == "conv1").Blobs); // the definition passed in is untouched

        Assert.Throws<ArgumentException>(() => CaffeModel.SaveWeights(File("x.caffemodel"), lenet,
            [new("nope", [new BlobData([1], [1f])])]));
    }

    [Fact]
    public void Legacy_blob_dims_V1_layers_and_double_data_are_read()
    {
        // The layout of pre-2015 model-zoo files: V1 'layers', blobs with num/channels/height/width.
        var net = new NetParameter { Name = "old" };
        var ip = new V1LayerParameter { Name = "fc", Type = V1LayerParameter.Types.LayerType.InnerProduct };
        var weight = new BlobProto { Num = 1, Channels = 1, Height = 3, Width = 2 };
        weight.Data.AddRange(Ramp(6, 1f));
        var bias = new BlobProto { Num = 1, Channels = 1, Height = 1, Width = 3 };
        bias.DoubleData.AddRange([0.5, 1.5, 2.5]);
        ip.Blobs.Add(weight);
        ip.Blobs.Add(bias);
        net.Layers.Add(ip);
        string path = File("old.caffemodel");
        System.IO.File.WriteAllBytes(path, net.ToByteArray());

        var loaded = CaffeModel.LoadWeights(path).Single();
        Assert.Equal("fc", loaded.Key);
        BlobData w = loaded.Value[0], b = loaded.Value[1];
        Assert.Equal([1, 1, 3, 2], w.Shape);
        Assert.True(w.IsLegacyShape);
        Assert.Equal(Ramp(6, 1f), w.Data);
        Assert.Equal([0.5f, 1.5f, 2.5f], b.Data);
        // Caffe's matching rule: legacy 1x1x3x2 fits a 3x2 InnerProduct weight and 1x1x1x3 fits a bias of 3.
        Assert.True(w.Fits([3, 2]));
        Assert.True(b.Fits([3]));
        Assert.False(w.Fits([2, 3]));
        Assert.False(new BlobData([3, 2], Ramp(6, 1f)).Fits([1, 1, 3, 2]));
    }

    [Fact]
    public void Mean_binaryproto_round_trips()
    {
        var mean = new BlobData([1, 3, 2, 2], Ramp(12, 10f));
        string path = File("mean.binaryproto");
        CaffeModel.WriteBinaryProto(path, mean);
        BlobData back = CaffeModel.ReadBinaryProto(path);
        Assert.Equal(mean.Shape, back.Shape);
        Assert.Equal(mean.Data, back.Data);
    }

    [Fact]
    public void Truncated_caffemodel_is_an_error_naming_file_offset_and_field()
    {
        NetParameter lenet = ProtoLoader.LoadNetPrototxt(TestData.Path("lenet_train_test.prototxt"));
        string whole = File("whole.caffemodel");
        CaffeModel.SaveWeights(whole, lenet, [new("ip2", [new BlobData([10, 500], Ramp(5000, 1e-4f))])]);
        byte[] bytes = System.IO.File.ReadAllBytes(whole);

        string cut = File("cut.caffemodel");
        System.IO.File.WriteAllBytes(cut, bytes[..(bytes.Length - 100)]);
        var e = Assert.Throws<DataFormatException>(() => CaffeModel.LoadWeights(cut));
        Assert.Equal(cut, e.FilePath);
        Assert.InRange(e.Offset, 0, bytes.Length - 100);
        Assert.StartsWith($"{cut}: at byte offset {e.Offset}: ", e.Message);
        Assert.Contains("NetParameter.layer[", e.Message);
        Assert.Contains("truncated", e.Message);

        string tiny = File("tiny.caffemodel");
        System.IO.File.WriteAllBytes(tiny, bytes[..1]);
        Assert.Equal(0, Assert.Throws<DataFormatException>(() => CaffeModel.ReadNet(tiny)).Offset);
    }

    [Fact]
    public void Blob_whose_values_do_not_match_its_shape_is_an_error()
    {
        var blob = new BlobProto { Shape = new BlobShape { Dim = { 2, 3 } } };
        blob.Data.AddRange([1f, 2f]);
        string path = File("bad.binaryproto");
        System.IO.File.WriteAllBytes(path, blob.ToByteArray());
        var e = Assert.Throws<DataFormatException>(() => CaffeModel.ReadBinaryProto(path));
        Assert.Contains("holds 6 values but the blob has 2", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Missing_file_and_garbage_are_errors_naming_the_file()
    {
        Assert.Contains("none.caffemodel", Assert.Throws<DataFormatException>(() => CaffeModel.ReadNet(File("none.caffemodel"))).Message);
        string junk = File("junk.caffemodel");
        System.IO.File.WriteAllBytes(junk, [0x0f, 0xff, 0xff]);
        var e = Assert.Throws<DataFormatException>(() => CaffeModel.ReadNet(junk));
        Assert.Equal(junk, e.FilePath);
        Assert.Equal(0, e.Offset);
    }
}
