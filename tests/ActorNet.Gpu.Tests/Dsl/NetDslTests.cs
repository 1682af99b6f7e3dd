using ActorNet.Gpu.Tests.Caffe;
using static ActorNet.Gpu.NetDsl;
using Pool = ActorNet.Gpu.PoolingParameter.Types.PoolMethod;

namespace ActorNet.Gpu.Tests.Dsl;

public class NetDslTests
{
    private static NetParameter LeNetInCode() => NetParam("LeNet",
        RddLayer("data", shape: [64, 1, 28, 28], Phase.Train),
        RddLayer("label", shape: [64, 1], Phase.Train),
        RddLayer("data", shape: [100, 1, 28, 28], Phase.Test),
        RddLayer("label", shape: [100, 1], Phase.Test),
        ConvolutionLayer("conv1", ["data"], kernel: (5, 5), numOutput: 20, stride: (1, 1),
            weightFiller: Xavier(), biasFiller: Constant(), lrMult: [1, 2]),
        PoolingLayer("pool1", ["conv1"], Pool.Max, kernel: (2, 2), stride: (2, 2)),
        ConvolutionLayer("conv2", ["pool1"], kernel: (5, 5), numOutput: 50, stride: (1, 1),
            weightFiller: Xavier(), biasFiller: Constant(), lrMult: [1, 2]),
        PoolingLayer("pool2", ["conv2"], Pool.Max, kernel: (2, 2), stride: (2, 2)),
        InnerProductLayer("ip1", ["pool2"], numOutput: 500, weightFiller: Xavier(), biasFiller: Constant(), lrMult: [1, 2]),
        ReLULayer("relu1", ["ip1"], top: "ip1"),
        InnerProductLayer("ip2", ["ip1"], numOutput: 10, weightFiller: Xavier(), biasFiller: Constant(), lrMult: [1, 2]),
        AccuracyLayer("accuracy", ["ip2", "label"], phase: Phase.Test),
        SoftmaxWithLoss("loss", ["ip2", "label"]));

    [Fact]
    public void LeNet_in_code_equals_LeNet_from_prototxt()
    {
        NetParameter fromFile = ProtoLoader.ReplaceDataLayers(
            ProtoLoader.LoadNetPrototxt(TestData.Path("lenet_train_test.prototxt")), 64, 100, 1, 28, 28);
        NetParameter inCode = LeNetInCode();
        Assert.Equal(ProtoLoader.ToPrototxt(fromFile), ProtoLoader.ToPrototxt(inCode));
        Assert.Equal(fromFile, inCode);
        Assert.Empty(ProtoLoader.CheckNet(inCode));
    }

    [Fact]
    public void Cifar10_quick_in_code_equals_the_prototxt()
    {
        LayerParameter Conv(string name, string bottom, int n, float std) =>
            ConvolutionLayer(name, [bottom], kernel: (5, 5), numOutput: n, stride: (1, 1), pad: (2, 2),
                weightFiller: Gaussian(std), biasFiller: Constant(), lrMult: [1, 2]);
        NetParameter inCode = NetParam("CIFAR10_quick",
            RddLayer("data", shape: [100, 3, 32, 32], Phase.Train),
            RddLayer("label", shape: [100, 1], Phase.Train),
            RddLayer("data", shape: [100, 3, 32, 32], Phase.Test),
            RddLayer("label", shape: [100, 1], Phase.Test),
            Conv("conv1", "data", 32, 0.0001f),
            PoolingLayer("pool1", ["conv1"], Pool.Max, kernel: (3, 3), stride: (2, 2)),
            ReLULayer("relu1", ["pool1"], top: "pool1"),
            Conv("conv2", "pool1", 32, 0.01f),
            ReLULayer("relu2", ["conv2"], top: "conv2"),
            PoolingLayer("pool2", ["conv2"], Pool.Ave, kernel: (3, 3), stride: (2, 2)),
            Conv("conv3", "pool2", 64, 0.01f),
            ReLULayer("relu3", ["conv3"], top: "conv3"),
            PoolingLayer("pool3", ["conv3"], Pool.Ave, kernel: (3, 3), stride: (2, 2)),
            InnerProductLayer("ip1", ["pool3"], numOutput: 64, weightFiller: Gaussian(0.1f), biasFiller: Constant(), lrMult: [1, 2]),
            InnerProductLayer("ip2", ["ip1"], numOutput: 10, weightFiller: Gaussian(0.1f), biasFiller: Constant(), lrMult: [1, 2]),
            AccuracyLayer("accuracy", ["ip2", "label"], phase: Phase.Test),
            SoftmaxWithLoss("loss", ["ip2", "label"]));
        NetParameter fromFile = ProtoLoader.ReplaceDataLayers(
            ProtoLoader.LoadNetPrototxt(TestData.Path("cifar10_quick_train_test.prototxt")), 100, 100, 3, 32, 32);
        Assert.Equal(ProtoLoader.ToPrototxt(fromFile), ProtoLoader.ToPrototxt(inCode));
    }

    [Fact]
    public void Non_square_settings_use_the_h_and_w_fields_and_the_RddLayer_has_one_top()
    {
        LayerParameter conv = ConvolutionLayer("c", ["x"], kernel: (3, 5), numOutput: 4, stride: (1, 2), pad: (0, 1), group: 2);
        Assert.Equal((3u, 5u), (conv.ConvolutionParam.KernelH, conv.ConvolutionParam.KernelW));
        Assert.Equal((1u, 2u), (conv.ConvolutionParam.StrideH, conv.ConvolutionParam.StrideW));
        Assert.Equal((0u, 1u), (conv.ConvolutionParam.PadH, conv.ConvolutionParam.PadW));
        Assert.Empty(conv.ConvolutionParam.KernelSize);
        Assert.Equal(2u, conv.ConvolutionParam.Group);

        LayerParameter rdd = RddLayer("data", [32, 3, 28, 28], Phase.Train);
        LayerParameter both = InputLayer("in", ["a", "b"], [[2, 3], [2]]);
        Assert.Equal(["a", "b"], both.Top);
        Assert.Equal(2, both.InputParam.Shape.Count);
        Assert.Throws<ArgumentException>(() => InputLayer("in", ["a", "b", "c"], [[1], [2]]));
        Assert.Throws<ArgumentException>(() => InputLayer("in", [], [[1]]));
        Assert.Equal(("Input", "data"), (rdd.Type, rdd.Top.Single()));
        Assert.Equal([32L, 3, 28, 28], rdd.InputParam.Shape.Single().Dim);

        LayerParameter pool = PoolingLayer("g", ["c"], Pool.Ave, global: true);
        Assert.True(pool.PoolingParam.GlobalPooling);
        Assert.False(pool.PoolingParam.HasKernelSize);

        // Every DSL layer type is one the loader accepts.
        NetParameter all = NetParam("all", rdd, conv, pool, SigmoidLayer("s", ["g"]), TanHLayer("t", ["s"]),
            SoftmaxLayer("sm", ["t"]), DropoutLayer("d", ["sm"], 0.3f), LRNLayer("n", ["d"], localSize: 3, region: LRNParameter.Types.NormRegion.WithinChannel),
            ConcatLayer("cat", ["n", "n"]), FlattenLayer("f", ["cat"]), EltwiseLayer("e", ["f", "f"], EltwiseParameter.Types.EltwiseOp.Max),
            BatchNormLayer("bn", ["e"], eps: 1e-3f), ScaleLayer("sc", ["bn"], biasTerm: true));
        Assert.Empty(ProtoLoader.CheckNet(all));
        Assert.Equal(all, ProtoLoader.ParseNetPrototxt(ProtoLoader.ToPrototxt(all)));
    }
}
