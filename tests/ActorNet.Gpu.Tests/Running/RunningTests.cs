using ActorNet.Gpu.Tests.Caffe;
using ActorNet.Gpu.Tests.Nets;

namespace ActorNet.Gpu.Tests.Running;

public sealed class RunningTests
{
    [Fact]
    public void InputsAndOutputsAreCaffesNetInputAndOutputBlobs()
    {
        Net test = NetGradientTests.Build("lenet_train_test.prototxt", 2, 1, 28, Phase.Test);
        Assert.Equal(["data", "label"], test.InputBlobNames);
        Assert.Equal(["accuracy", "loss"], test.OutputBlobNames);
        Assert.Equal(1f, test.LossWeightOf("loss"));
        Assert.Equal(0f, test.LossWeightOf("accuracy"));
        Assert.Equal(["loss"], NetGradientTests.Build("lenet_train_test.prototxt", 2, 1, 28).OutputBlobNames);
    }

    [Fact]
    public void TimerReportsEveryLayerAndPassesThatAddUp()
    {
        Net net = NetGradientTests.Build("lenet_train_test.prototxt", 2, 1, 28);
        NetGradientTests.Feed(net, seed: 3, classes: 10);
        int seen = 0;
        NetTiming timing = NetTimer.Time(net, 2, onIteration: (it, ms) => { seen = it; Assert.True(ms >= 0); });
        Assert.Equal(2, seen);
        Assert.Equal(net.LayerNames, timing.Layers.Select(l => l.Name));
        Assert.Equal("Convolution", timing.Layers.Single(l => l.Name == "conv1").Type);
        Assert.All(timing.Layers, l => Assert.True(l.ForwardMs >= 0 && l.BackwardMs >= 0));
        Assert.Equal(timing.ForwardMs + timing.BackwardMs, timing.ForwardBackwardMs, 6);
    }

    [Fact]
    public void ImageFolderTellsIdxFromCifarAndNamesAMissingFolder()
    {
        string root = Path.Combine(Path.GetTempPath(), $"actornet-folders-{Guid.NewGuid():N}");
        try
        {
            string idx = Directory.CreateDirectory(Path.Combine(root, "idx")).FullName;
            IdxFile.Write(Path.Combine(idx, "t10k-images-idx3-ubyte.gz"), [2, 3, 3], new byte[18]);
            IdxFile.Write(Path.Combine(idx, "t10k-labels-idx1-ubyte"), [2], new byte[] { 1, 2 });
            string cifar = Directory.CreateDirectory(Path.Combine(root, "cifar", "cifar-10-batches-bin")).FullName;
            CifarBinary.Write(Path.Combine(cifar, "test_batch.bin"), new LabeledImages(new byte[3072], [7], 3, 32, 32));
            string empty = Directory.CreateDirectory(Path.Combine(root, "empty")).FullName;

            Assert.Equal(ImageFolderFormat.Idx, ImageFolder.Detect(idx));
            Assert.Equal(ImageFolderFormat.CifarBinary, ImageFolder.Detect(Path.Combine(root, "cifar")));
            Assert.Null(ImageFolder.Detect(empty));
            Assert.Equal([1, 2], ImageFolder.Read(idx, train: false).Labels);
            Assert.Equal([7], ImageFolder.Read(Path.Combine(root, "cifar"), train: false).Labels);
            Assert.Contains(empty, Assert.Throws<FileNotFoundException>(() => ImageFolder.Read(empty, train: false)).Message);
            string missing = Path.Combine(root, "missing");
            Assert.Contains(missing, Assert.Throws<DirectoryNotFoundException>(() => ImageFolder.Read(missing, train: true)).Message);

            NetParameter lenet = ProtoLoader.LoadNetPrototxt(TestData.Path("lenet_train_test.prototxt"));
            var error = Assert.Throws<FileNotFoundException>(() => DataLayerFeed.Prepare(lenet, Phase.Test, dataFolder: null));
            Assert.Contains("'mnist'", error.Message);
            Assert.Contains("examples/mnist/mnist_test_lmdb", error.Message);
            DataLayerFeed shaped = DataLayerFeed.Prepare(lenet, Phase.Test, null, fallbackShape: [1, 28, 28]);
            Assert.Null(shaped.Feed);
            Assert.Equal([100, 1, 28, 28], new Net(shaped.Net, Phase.Test).Blob("data").Shape);
            DataLayerFeed fed = DataLayerFeed.Prepare(lenet, Phase.Test, idx);
            Assert.Equal(2, fed.ImageCount);
            Assert.Equal([100, 1, 3, 3], fed.Batches!.DataShape);
            LayerParameter input = fed.Net.Layer.Single(l => l.Name == "data" && l.Include.Any(r => r.Phase == Phase.Test));
            Assert.Equal([100L, 1, 3, 3], input.InputParam.Shape[0].Dim);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void TrainerTestsDisplaysAndSnapshotsOnCaffesSchedule()
    {
        var param = new NetParameter { Name = "tiny" };
        param.Layer.Add(Support.P.Input("data", 4, 3));
        param.Layer.Add(Support.P.Input("label", 4));
        param.Layer.Add(Support.P.Ip("ip", "data", "ip", 2));
        param.Layer.Add(Support.P.Layer("SoftmaxWithLoss", "loss", ["ip", "label"], ["loss"]));
        void Feed(Net net)
        {
            net.Blob("data").SetData([1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0]);
            net.Blob("label").SetData([0, 1, 0, 1]);
        }
        string prefix = Path.Combine(Path.GetTempPath(), $"actornet-trainer-{Guid.NewGuid():N}");
        var solverParam = new SolverParameter { BaseLr = 0.1f, LrPolicy = "fixed", MaxIter = 5, TestInterval = 2, Display = 2, Snapshot = 4 };
        solverParam.TestIter.Add(3);
        var trainer = new Trainer(new Solver(solverParam, new Net(param, Phase.Train)), Feed, [new TestNet(new Net(param, Phase.Test), 3, Feed)]);
        var tested = new List<int>();
        var displayed = new List<int>();
        var snapshots = new List<string>();
        trainer.Tested += (iteration, index, result) => { tested.Add(iteration); Assert.Equal(3, result.Iterations); Assert.NotNull(result.Value("loss")); };
        trainer.Displayed += d => displayed.Add(d.Iteration);
        trainer.Snapshotted += (weights, state) => snapshots.AddRange([weights, state]);
        try
        {
            trainer.Solve(prefix);
            Assert.Equal([0, 2, 4], tested);
            Assert.Equal([0, 2, 4], displayed);
            Assert.Equal([$"{prefix}_iter_4.caffemodel", $"{prefix}_iter_4.solverstate", $"{prefix}_iter_5.caffemodel", $"{prefix}_iter_5.solverstate"], snapshots);
            // The test net saw the trained weights: its loss equals the train net's on the same batch.
            float trained = trainer.Test(0).Loss;
            Feed(trainer.Solver.Net);
            Assert.Equal(trainer.Solver.Net.Forward(), trained, 5);
        }
        finally
        {
            foreach (string file in snapshots) File.Delete(file);
        }
    }
}
