using ActorNet.Gpu.Tests.Support;

namespace ActorNet.Gpu.Tests.Nets;

public class NetTests
{
    [Fact]
    public void PhaseRulesSelectLayersAndAccuracyOnlyAtTest()
    {
        var train = NetGradientTests.Build("lenet_train_test.prototxt", 4, 1, 28, Phase.Train);
        var test = NetGradientTests.Build("lenet_train_test.prototxt", 4, 1, 28, Phase.Test);
        Assert.False(train.HasBlob("accuracy"));
        Assert.True(test.HasBlob("accuracy"));
        Assert.Equal(new[] { 4, 10 }, test.Blob("ip2").Shape);
        Assert.Equal(new[] { 4, 50, 4, 4 }, train.Blob("pool2").Shape);
        // ip2 feeds both the loss and the accuracy at TEST: a Split layer is inserted there only.
        Assert.Contains(test.LayerNames, n => n.EndsWith("_split", StringComparison.Ordinal));
        Assert.DoesNotContain(train.LayerNames, n => n.EndsWith("_split", StringComparison.Ordinal));
        Assert.Equal(2, train.LayerParams("conv1").Count);
        Assert.Equal(new[] { 20, 1, 5, 5 }, train.LayerParams("conv1")[0].Shape);
    }

    [Fact]
    public void SplitSumsTheGradientsOfSeveralConsumers()
    {
        var param = new NetParameter { Name = "fan-out" };
        param.Layer.Add(P.Input("x", 3, 4));
        var label = P.Input("label", 3);
        label.Name = "labels";
        param.Layer.Add(label);
        param.Layer.Add(P.Ip("shared", "x", "h", 5));
        param.Layer.Add(P.Neuron("TanH", "a", "h", "ha"));
        param.Layer.Add(P.Neuron("Sigmoid", "b", "h", "hb"));
        var sum = P.Layer("Eltwise", "sum", new[] { "ha", "hb" }, new[] { "s" });
        param.Layer.Add(sum);
        param.Layer.Add(P.Layer("SoftmaxWithLoss", "loss", new[] { "s", "label" }, new[] { "loss" }));
        var net = new Net(param, Phase.Train);
        net.Blob("x").SetData(Enumerable.Range(0, 12).Select(i => (i % 5) * 0.3f - 0.5f).ToArray());
        net.Blob("label").SetData(new[] { 0f, 3f, 4f });
        Assert.Contains("shared_h_0_split", net.LayerNames);
        net.ClearParamDiffs();
        net.Forward();
        net.Backward();
        var w = net.LayerParams("shared")[0];
        var grad = w.GetDiff();
        var data = w.GetData();
        for (int i = 0; i < data.Length; i += 3)
        {
            float original = data[i];
            data[i] = original + 1e-3f;
            w.SetData(data);
            double plus = net.Forward();
            data[i] = original - 1e-3f;
            w.SetData(data);
            double minus = net.Forward();
            data[i] = original;
            w.SetData(data);
            Assert.Equal((plus - minus) / 2e-3, grad[i], 2e-3);
        }
    }

    [Fact]
    public void WeightsAddDivideAndSerialize()
    {
        var net = NetGradientTests.Build("lenet_train_test.prototxt", 2, 1, 28);
        var w = net.GetWeights();
        Assert.Equal(new[] { "conv1", "conv2", "ip1", "ip2" }, w.LayerNames);
        var sum = WeightCollection.Add(w, w);
        sum.ScalarDivide(2f);
        Assert.Equal(w["ip1"][0], sum["ip1"][0]);
        var bytes = sum.ToBytes();
        Assert.True(bytes.Length < w.Count * 4 + 200);
        var back = WeightCollection.FromBytes(bytes);
        Assert.Equal(w["conv2"][1], back["conv2"][1]);
        Assert.Equal(w.Shapes("conv1")[0], back.Shapes("conv1")[0]);
        Assert.Contains("byte", Assert.Throws<FormatException>(() => WeightCollection.FromBytes(bytes.AsSpan(0, bytes.Length - 3))).Message);

        var other = NetGradientTests.Build("lenet_train_test.prototxt", 2, 1, 28);
        var changed = other.GetWeights();
        changed.ScalarDivide(-4f);
        other.SetWeights(changed);
        Assert.Equal(changed["ip2"][0], other.LayerParams("ip2")[0].GetData());
    }

    [Fact]
    public void InPlaceReluAndSharedFlattenKeepShapes()
    {
        var net = NetGradientTests.Build("cifar10_quick_train_test.prototxt", 3, 3, 32);
        Assert.Equal(new[] { 3, 32, 16, 16 }, net.Blob("pool1").Shape);
        Assert.Equal(new[] { 3, 64, 4, 4 }, net.Blob("pool3").Shape);
        NetGradientTests.Feed(net, 1, 10);
        float loss = net.Forward();
        Assert.InRange(loss, 2.0f, 2.6f); // ~ln(10) with Caffe's tiny initial weights
    }

    [Fact]
    public void SolverTrainsSnapshotsAndResumesExactly()
    {
        string dir = Path.Combine(Path.GetTempPath(), "actornet-solver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var sp = new SolverParameter { BaseLr = 0.05f, Momentum = 0.9f, LrPolicy = "step", Gamma = 0.5f, Stepsize = 3, WeightDecay = 5e-4f };
            void Feed(Net n) => NetGradientTests.Feed(n, 42, 10);
            var solver = new Solver(sp, NetGradientTests.Build("lenet_train_test.prototxt", 8, 1, 28));
            float first = solver.Step(1, Feed);
            solver.Step(5, Feed);
            var (weights, state) = solver.Snapshot(Path.Combine(dir, "lenet"));
            Assert.True(File.Exists(weights) && File.Exists(state));
            solver.Step(3, Feed);
            float later = solver.SmoothedLoss;
            Assert.True(later < first, $"loss did not fall on a fixed batch: {first} -> {later}");

            var resumed = new Solver(sp, NetGradientTests.Build("lenet_train_test.prototxt", 8, 1, 28));
            resumed.Restore(state);
            Assert.Equal(6, resumed.Iteration);
            resumed.Step(3, Feed);
            Assert.Equal(solver.Net.LayerParams("ip2")[0].GetData(), resumed.Net.LayerParams("ip2")[0].GetData());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

public class NetTimingTests
{
    [Fact]
    public void TimeLayersReportsEveryLayerInOrder()
    {
        var net = NetGradientTests.Build("lenet_train_test.prototxt", 2, 1, 28);
        NetGradientTests.Feed(net, 1, 10);
        var timings = net.TimeLayers(2);
        Assert.Equal(net.LayerNames, timings.Select(t => t.Name));
        Assert.Equal("Convolution", timings.Single(t => t.Name == "conv1").Type);
        Assert.All(timings, t => Assert.True(t.ForwardMs >= 0 && t.BackwardMs >= 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.TimeLayers(0));
    }
}

public class SharedParamTests
{
    [Fact]
    public void LayersNamingTheSameParamShareDataAndSumGradients()
    {
        var param = new NetParameter { Name = "siamese" };
        param.Layer.Add(P.Input("x1", 3, 4));
        param.Layer.Add(P.Input("x2", 3, 4));
        param.Layer.Add(P.Input("label", 3));
        foreach (var (name, bottom, top) in new[] { ("a", "x1", "y1"), ("b", "x2", "y2") })
        {
            var ip = P.Ip(name, bottom, top, 5);
            ip.InnerProductParam.BiasTerm = false;
            ip.Param.Add(new ParamSpec { Name = "shared_w" });
            param.Layer.Add(ip);
        }
        param.Layer.Add(P.Layer("Eltwise", "sum", new[] { "y1", "y2" }, new[] { "s" }));
        param.Layer.Add(P.Layer("SoftmaxWithLoss", "loss", new[] { "s", "label" }, new[] { "loss" }));
        var net = new Net(param, Phase.Train);
        var rng = new Random(3);
        net.Blob("x1").SetData(Enumerable.Range(0, 12).Select(_ => rng.NextSingle() - 0.5f).ToArray());
        net.Blob("x2").SetData(Enumerable.Range(0, 12).Select(_ => rng.NextSingle() - 0.5f).ToArray());
        net.Blob("label").SetData(new[] { 1f, 0f, 4f });
        var wa = net.LayerParams("a")[0];
        var wb = net.LayerParams("b")[0];
        Assert.Equal(wa.GetData(), wb.GetData());
        net.ClearParamDiffs();
        net.Forward();
        net.Backward();
        var grad = wa.GetDiff();
        Assert.Equal(grad, wb.GetDiff());
        var data = wa.GetData();
        for (int i = 0; i < data.Length; i += 4)
        {
            float original = data[i];
            data[i] = original + 1e-3f;
            wa.SetData(data);
            double plus = net.Forward();
            data[i] = original - 1e-3f;
            wa.SetData(data);
            double minus = net.Forward();
            data[i] = original;
            wa.SetData(data);
            Assert.Equal((plus - minus) / 2e-3, grad[i], 2e-3);
        }
        // One update through the solver moves both layers' weights together.
        var solver = new Solver(new SolverParameter { BaseLr = 0.1f, LrPolicy = "fixed" }, net);
        solver.Step(1);
        Assert.Equal(wa.GetData(), wb.GetData());
        Assert.NotEqual(data, wa.GetData());
    }
}
