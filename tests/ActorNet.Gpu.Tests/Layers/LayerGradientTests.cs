using ActorNet.Gpu.Tests.Support;
using static ActorNet.Gpu.Tests.Support.GradientChecker;
using PoolMethod = ActorNet.Gpu.PoolingParameter.Types.PoolMethod;

namespace ActorNet.Gpu.Tests.Layers;

public class LayerGradientTests
{
    /// <summary>The device the layers run on; the derived class runs every test again on ILGPU's CPU accelerator.</summary>
    protected virtual string Device => TestDevices.Cpu;

    [Theory]
    [InlineData(3, 1, 0, 1)]
    [InlineData(3, 2, 1, 1)]
    [InlineData(1, 1, 0, 1)]
    [InlineData(3, 1, 1, 2)]
    public void Convolution(int kernel, int stride, int pad, int group)
    {
        var p = P.Conv("conv", "x", "y", 4, kernel, stride, pad, group);
        Check(p, new[] { Distinct(1, 2, 4, 6, 5) }, 1, device: Device);
    }

    [Fact]
    public void ConvolutionRectangularDilatedNoBias()
    {
        var p = P.Layer("Convolution", "conv");
        p.ConvolutionParam = new ConvolutionParameter { NumOutput = 3, KernelH = 3, KernelW = 2, StrideH = 2, StrideW = 1, PadH = 1, PadW = 0, BiasTerm = false, WeightFiller = P.Gaussian(0.2f) };
        p.ConvolutionParam.Dilation.Add(2);
        Check(p, new[] { Distinct(2, 2, 2, 7, 6) }, 1, device: Device);
    }

    [Theory]
    [InlineData(PoolMethod.Max, 3, 2, 0)]
    [InlineData(PoolMethod.Max, 2, 2, 1)]
    [InlineData(PoolMethod.Ave, 3, 2, 0)]
    [InlineData(PoolMethod.Ave, 3, 2, 1)]
    public void Pooling(PoolMethod method, int kernel, int stride, int pad)
    {
        Check(P.Pool("pool", "x", "y", method, kernel, stride, pad), new[] { Distinct(3, 2, 3, 7, 6) }, 1, step: 1e-3f, device: Device);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 1)]
    public void MaxPoolingOnWideRowsUsesTheVectorPathCorrectly(int kernel, int stride)
    {
        // Rows wide enough for 8-output vector chunks plus a clipped last window.
        Check(P.Pool("pool", "x", "y", PoolMethod.Max, kernel, stride), new[] { Distinct(30, 1, 2, 5, 37) }, 1, step: 1e-3f, device: Device);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(2, 2)]
    public void AveragePoolingOnWideRowsUsesTheVectorPathCorrectly(int kernel, int stride)
    {
        // Wide rows (vector groups, the last one overlapping) and a last pooled row clipped at the bottom (scalar).
        Check(P.Pool("pool", "x", "y", PoolMethod.Ave, kernel, stride), new[] { Distinct(30, 1, 2, 6, 37) }, 1, step: 1e-3f, device: Device);
    }

    [Fact]
    public void GlobalPooling()
    {
        var p = P.Layer("Pooling", "gp");
        p.PoolingParam = new PoolingParameter { Pool = PoolMethod.Ave, GlobalPooling = true };
        Check(p, new[] { Distinct(4, 2, 3, 4, 5) }, 1, device: Device);
    }

    [Fact]
    public void InnerProduct() => Check(P.Ip("ip", "x", "y", 5), new[] { Distinct(5, 3, 2, 3, 2) }, 1, device: Device);

    [Fact]
    public void InnerProductTransposedAxis2()
    {
        var p = P.Ip("ip", "x", "y", 4);
        p.InnerProductParam.Transpose = true;
        p.InnerProductParam.Axis = 2;
        Check(p, new[] { Distinct(6, 2, 3, 5) }, 1, device: Device);
    }

    [Theory]
    [InlineData("ReLU")]
    [InlineData("Sigmoid")]
    [InlineData("TanH")]
    [InlineData("Softmax")]
    public void Neurons(string type) => Check(P.Layer(type), new[] { Distinct(7, 2, 5, 2, 3) }, 1, device: Device);

    [Fact]
    public void LeakyRelu()
    {
        var p = P.Layer("ReLU");
        p.ReluParam = new ReLUParameter { NegativeSlope = 0.3f };
        Check(p, new[] { Distinct(8, 4, 6) }, 1, device: Device);
    }

    [Fact]
    public void DropoutAtTestIsIdentity() => Check(P.Layer("Dropout"), new[] { Distinct(9, 3, 4) }, 1, phase: Phase.Test, device: Device);

    [Fact]
    public void SoftmaxWithLoss() => Check(P.Layer("SoftmaxWithLoss"), new[] { Distinct(10, 4, 5, 2, 3), Labels(1, 5, 4, 1, 2, 3) }, 1, new[] { true, false }, device: Device);

    [Fact]
    public void SoftmaxWithLossIgnoreLabelAndFullNormalization()
    {
        var p = P.Layer("SoftmaxWithLoss");
        p.LossParam = new LossParameter { IgnoreLabel = 2, Normalization = LossParameter.Types.NormalizationMode.Full };
        Check(p, new[] { Distinct(11, 6, 4), Labels(2, 4, 6) }, 1, new[] { true, false }, device: Device);
    }

    [Theory]
    [InlineData(LRNParameter.Types.NormRegion.AcrossChannels, 3)]
    [InlineData(LRNParameter.Types.NormRegion.AcrossChannels, 5)]
    [InlineData(LRNParameter.Types.NormRegion.WithinChannel, 3)]
    public void Lrn(LRNParameter.Types.NormRegion region, int size)
    {
        var p = P.Layer("LRN");
        p.LrnParam = new LRNParameter { LocalSize = (uint)size, Alpha = 0.5f, Beta = 0.75f, K = 2f, NormRegion = region };
        Check(p, new[] { Distinct(12, 2, 6, 4, 3) }, 1, device: Device);
    }

    [Fact]
    public void Concat()
    {
        Check(P.Layer("Concat"), new[] { Distinct(13, 2, 3, 2, 2), Distinct(14, 2, 1, 2, 2) }, 1, device: Device);
        var axis0 = P.Layer("Concat");
        axis0.ConcatParam = new ConcatParameter { Axis = 0 };
        Check(axis0, new[] { Distinct(15, 1, 3, 2), Distinct(16, 2, 3, 2) }, 1, device: Device);
    }

    [Fact]
    public void FlattenAndSplit()
    {
        Check(P.Layer("Flatten"), new[] { Distinct(17, 2, 3, 2, 2) }, 1, device: Device);
        Check(P.Layer("Split"), new[] { Distinct(18, 2, 3) }, 3, device: Device);
    }

    [Theory]
    [InlineData(EltwiseParameter.Types.EltwiseOp.Sum)]
    [InlineData(EltwiseParameter.Types.EltwiseOp.Prod)]
    [InlineData(EltwiseParameter.Types.EltwiseOp.Max)]
    public void Eltwise(EltwiseParameter.Types.EltwiseOp op)
    {
        var p = P.Layer("Eltwise");
        p.EltwiseParam = new EltwiseParameter { Operation = op };
        if (op == EltwiseParameter.Types.EltwiseOp.Sum)
        {
            p.EltwiseParam.Coeff.AddRange(new[] { 1f, -0.5f, 2f });
        }
        Check(p, new[] { Distinct(19, 2, 3, 4), Distinct(20, 2, 3, 4), Distinct(21, 2, 3, 4) }, 1, step: 1e-3f, device: Device);
    }

    [Fact]
    public void BatchNormTrainAndGlobal()
    {
        Check(P.Layer("BatchNorm"), new[] { Distinct(22, 4, 3, 2, 2) }, 1, step: 1e-3f, tolerance: 2e-2f, device: Device);
        var global = P.Layer("BatchNorm");
        global.BatchNormParam = new BatchNormParameter { UseGlobalStats = true };
        var top = new[] { TestDevices.New(Device) };
        var x = TestDevices.On(Device, Distinct(23, 4, 3, 2, 2));
        var layer = Build(global, new[] { x }, top, device: Device);
        layer.Blobs[0].SetData(new[] { 1f, 2f, 3f });
        layer.Blobs[1].SetData(new[] { 4f, 8f, 12f });
        layer.Blobs[2].SetData(new[] { 2f });
        layer.Forward(new[] { x }, top);
        float y = top[0].GetData()[0];
        Assert.Equal((x.GetData()[0] - 0.5f) / MathF.Sqrt(2f + 1e-5f), y, 4);
    }

    [Fact]
    public void ScaleWithBias()
    {
        var p = P.Layer("Scale");
        p.ScaleParam = new ScaleParameter { BiasTerm = true, Filler = P.Gaussian(1f), BiasFiller = P.Gaussian(1f) };
        Check(p, new[] { Distinct(24, 2, 3, 2, 2) }, 1, device: Device);
        var axis0 = P.Layer("Scale");
        axis0.ScaleParam = new ScaleParameter { Axis = 0, NumAxes = 2, Filler = P.Gaussian(1f) };
        Check(axis0, new[] { Distinct(25, 2, 3, 4) }, 1, device: Device);
    }
}

/// <summary>Every layer gradient check again, on the ILGPU kernels (ILGPU's CPU accelerator).</summary>
public sealed class LayerGradientTestsOnIlgpuCpu : LayerGradientTests
{
    protected override string Device => TestDevices.IlgpuCpu;
}
