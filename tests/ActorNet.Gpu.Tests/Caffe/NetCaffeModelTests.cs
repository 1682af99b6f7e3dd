namespace ActorNet.Gpu.Tests.Caffe;

public sealed class NetCaffeModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actornet-netmodel").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static NetParameter LeNet() => ProtoLoader.ReplaceDataLayers(
        ProtoLoader.LoadNetPrototxt(TestData.Path("lenet_train_test.prototxt")), 4, 4, 1, 28, 28);

    private static void FillInput(Net net)
    {
        var rng = new Random(3);
        Blob data = net.Blob("data");
        data.SetData([.. Enumerable.Range(0, data.Count).Select(_ => (float)rng.NextDouble())]);
        net.Blob("label").SetData([1, 2, 3, 4]);
    }

    // Net's own CopyTrainedLayersFrom / SaveCaffeModel (branch net-compute) over this branch's CaffeModel files.
    [Fact]
    public void A_saved_net_loads_into_a_differently_initialised_net_and_computes_the_same()
    {
        var trained = new Net(LeNet(), Phase.Test, seed: 1);
        var fresh = new Net(LeNet(), Phase.Test, seed: 2);
        Assert.NotEqual(trained.LayerParams("conv1")[0].GetData(), fresh.LayerParams("conv1")[0].GetData());

        string path = Path.Combine(_dir, "lenet.caffemodel");
        trained.SaveCaffeModel(path);
        fresh.CopyTrainedLayersFrom(path);

        Assert.Equal(["conv1", "conv2", "ip1", "ip2"], CaffeModel.LoadWeights(path).Select(w => w.Key));
        foreach (string layer in new[] { "conv1", "conv2", "ip1", "ip2" })
            for (int i = 0; i < 2; i++)
                Assert.Equal(trained.LayerParams(layer)[i].GetData(), fresh.LayerParams(layer)[i].GetData());
        FillInput(trained);
        FillInput(fresh);
        Assert.Equal(trained.Forward(), fresh.Forward());
        Assert.Equal(trained.Blob("ip2").GetData(), fresh.Blob("ip2").GetData());
    }

    [Fact]
    public void Legacy_shapes_load_extra_layers_are_ignored_and_mismatches_are_errors()
    {
        var net = new Net(LeNet(), Phase.Test);
        var file = new NetParameter { Name = "old" };
        var ip2 = new V1LayerParameter { Name = "ip2", Type = V1LayerParameter.Types.LayerType.InnerProduct };
        var weight = new BlobProto { Num = 1, Channels = 1, Height = 10, Width = 500 };
        weight.Data.AddRange(Enumerable.Range(0, 5000).Select(i => i * 1e-3f));
        var bias = new BlobProto { Num = 1, Channels = 1, Height = 1, Width = 10 };
        bias.Data.AddRange(Enumerable.Range(0, 10).Select(i => (float)i));
        ip2.Blobs.Add(weight);
        ip2.Blobs.Add(bias);
        file.Layers.Add(ip2);
        file.Layer.Add(new LayerParameter { Name = "not_in_net", Blobs = { new BlobProto { Shape = new BlobShape { Dim = { 1 } }, Data = { 5f } } } });
        string path = Path.Combine(_dir, "old.caffemodel");
        CaffeModel.WriteNet(path, file);

        float[] conv1Before = net.LayerParams("conv1")[0].GetData();
        net.CopyTrainedLayersFrom(path);
        Assert.Equal(conv1Before, net.LayerParams("conv1")[0].GetData());
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => i * 1e-3f), net.LayerParams("ip2")[0].GetData());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), net.LayerParams("ip2")[1].GetData());

        var shortWeight = new BlobProto { Shape = new BlobShape { Dim = { 10, 499 } } };
        shortWeight.Data.AddRange(new float[4990]);
        ip2.Blobs[0] = shortWeight;
        CaffeModel.WriteNet(path, file);
        var e = Assert.Throws<InvalidOperationException>(() => net.CopyTrainedLayersFrom(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("layer 'ip2' blob 0", e.Message);
        Assert.Contains("10, 499", e.Message);

        ip2.Blobs.RemoveAt(1);
        CaffeModel.WriteNet(path, file);
        Assert.Contains("has 1 blobs, the net expects 2", Assert.Throws<InvalidOperationException>(() => net.CopyTrainedLayersFrom(path)).Message);
    }
}
