using ActorNet.Gpu.Tests.Support;
using static ActorNet.Gpu.Tests.Support.GradientChecker;
using PoolMethod = ActorNet.Gpu.PoolingParameter.Types.PoolMethod;

namespace ActorNet.Gpu.Tests.Layers;

/// <summary>Hand-computed cases of Caffe's semantics.</summary>
public class CaffeSemanticsTests
{
    /// <summary>The device the layers run on; the derived class runs every case again on ILGPU's CPU accelerator.</summary>
    protected virtual string Device => TestDevices.Cpu;

    private Blob NewTop() => TestDevices.New(Device);

    private Blob On(Blob blob) => TestDevices.On(Device, blob);

    private float[] Run(LayerParameter p, params Blob[] bottom)
    {
        bottom = bottom.Select(On).ToArray();
        var top = new[] { NewTop() };
        var layer = Build(p, bottom, top, threads: 1, device: Device);
        layer.Forward(bottom, top);
        return top[0].GetData();
    }

    private static Blob Ramp(params int[] shape)
    {
        var b = new Blob(shape);
        b.SetData(Enumerable.Range(1, b.Count).Select(i => (float)i).ToArray());
        return b;
    }

    [Fact]
    public void MaxPoolingRoundsUpAndClipsTheLastWindow()
    {
        var top = new[] { NewTop() };
        var x = On(Ramp(1, 1, 4, 4));
        var layer = Build(P.Pool("p", "x", "y", PoolMethod.Max, 3, 2), new[] { x }, top, device: Device);
        layer.Forward(new[] { x }, top);
        Assert.Equal(new[] { 1, 1, 2, 2 }, top[0].Shape);
        Assert.Equal(new[] { 11f, 12f, 15f, 16f }, top[0].GetData());
    }

    [Theory]
    [InlineData(24)] // LeNet's pool1 row: three groups of 8 outputs, the last overlapping
    [InlineData(19)] // an odd width: vector groups, then the clipped last window in the scalar loop
    [InlineData(8)]  // LeNet's pool2 row: one 4-output group
    [InlineData(13)] // 4-output groups, the last overlapping, then a clipped window
    public void TwoByTwoMaxPoolingKeepsTheFirstMaximumOfEachWindowAsCaffeDoes(int width)
    {
        // Few distinct values, so windows hold ties: the first maximum in row-major window order wins.
        var x = TestDevices.New(Device, 2, 3, 6, width);
        var random = new Random(width);
        var values = Enumerable.Range(0, x.Count).Select(_ => (float)random.Next(4)).ToArray();
        x.SetData(values);
        var top = new[] { NewTop() };
        var layer = Build(P.Pool("p", "x", "y", PoolMethod.Max, 2, 2), new[] { x }, top, threads: 1, device: Device);
        layer.Forward(new[] { x }, top);
        int outW = top[0].Shape[3], outH = top[0].Shape[2];
        Assert.Equal((width - 1) / 2 + 1, outW);
        var y = top[0].GetData();
        // Backward routes each output's gradient to its argmax: the expected positions tell the mask apart from ties.
        top[0].SetDiff(Enumerable.Range(0, top[0].Count).Select(i => (float)(i + 1)).ToArray());
        layer.Backward(top, new[] { true }, new[] { x });
        var dx = x.GetDiff();
        var expectedDx = new float[x.Count];
        for (int plane = 0; plane < 6; plane++)
            for (int ph = 0; ph < outH; ph++)
                for (int pw = 0; pw < outW; pw++)
                {
                    float best = float.MinValue;
                    int at = -1;
                    for (int h = 2 * ph; h < Math.Min(2 * ph + 2, 6); h++)
                        for (int w = 2 * pw; w < Math.Min(2 * pw + 2, width); w++)
                            if (values[(plane * 6 + h) * width + w] > best) (best, at) = (values[(plane * 6 + h) * width + w], (plane * 6 + h) * width + w);
                    int o = (plane * outH + ph) * outW + pw;
                    Assert.Equal(best, y[o]);
                    expectedDx[at] += o + 1;
                }
        Assert.Equal(expectedDx, dx);
    }

    [Fact]
    public void AveragePoolingDividesByThePaddedWindow()
    {
        var y = Run(P.Pool("p", "x", "y", PoolMethod.Ave, 3, 2, pad: 1), Ramp(1, 1, 4, 4));
        Assert.Equal(9, y.Length);
        Assert.Equal(14f / 9f, y[0], 5);   // rows 0-1, cols 0-1 of a 3x3 window that starts in the padding
        Assert.Equal(12f / 6f, y[2], 5);   // last column window: 3 rows x 2 columns (clipped at W + pad)
        Assert.Equal(16f / 4f, y[8], 5);   // bottom-right: 2 x 2 window
    }

    [Fact]
    public void PoolingDropsAWindowThatStartsInThePadding()
    {
        var top = new[] { NewTop() };
        var x = On(Ramp(1, 1, 3, 3));
        Build(P.Pool("p", "x", "y", PoolMethod.Max, 2, 2, pad: 1), new[] { x }, top, device: Device);
        Assert.Equal(new[] { 1, 1, 2, 2 }, top[0].Shape); // ceil((3+2-2)/2)+1 = 3, clipped to 2
    }

    [Fact]
    public void GroupConvolutionKeepsGroupsApart()
    {
        var p = P.Layer("Convolution", "c");
        p.ConvolutionParam = new ConvolutionParameter { NumOutput = 2, Group = 2, BiasTerm = true };
        p.ConvolutionParam.KernelSize.Add(1);
        var x = On(Ramp(1, 4, 1, 2)); // channels: [1,2], [3,4], [5,6], [7,8]
        var top = new[] { NewTop() };
        var layer = Build(p, new[] { x }, top, device: Device);
        Assert.Equal(new[] { 2, 2, 1, 1 }, layer.Blobs[0].Shape);
        layer.Blobs[0].SetData(new[] { 1f, 10f, 100f, 1000f });
        layer.Blobs[1].SetData(new[] { 0.5f, -1f });
        layer.Forward(new[] { x }, top);
        Assert.Equal(new[] { 1 + 30 + 0.5f, 2 + 40 + 0.5f, 500 + 7000 - 1f, 600 + 8000 - 1f }, top[0].GetData());
    }

    [Fact]
    public void LrnAcrossChannels()
    {
        var p = P.Layer("LRN");
        p.LrnParam = new LRNParameter { LocalSize = 3, Alpha = 3, Beta = 1, K = 1 };
        var y = Run(p, Ramp(1, 3, 1, 1));
        Assert.Equal(1f / 6f, y[0], 6);
        Assert.Equal(2f / 15f, y[1], 6);
        Assert.Equal(3f / 14f, y[2], 6);
    }

    [Fact]
    public void LrnWithinChannelIgnoresKAndAveragesOverTheSquareWindow()
    {
        var p = P.Layer("LRN");
        p.LrnParam = new LRNParameter { LocalSize = 3, Alpha = 9, Beta = 1, K = 5, NormRegion = LRNParameter.Types.NormRegion.WithinChannel };
        var y = Run(p, Ramp(1, 1, 3, 3));
        Assert.Equal(5f / 286f, y[4], 6);  // 1 + 9/9 * (1+4+...+81)
        Assert.Equal(1f / 47f, y[0], 6);   // 1 + (1+4+16+25)
    }

    [Fact]
    public void SoftmaxWithLossSkipsIgnoredLabels()
    {
        var p = P.Layer("SoftmaxWithLoss");
        p.LossParam = new LossParameter { IgnoreLabel = 1 };
        var logits = TestDevices.New(Device, 2, 2);
        var labels = On(Of(new[] { 2 }, 0f, 1f));
        var top = new[] { NewTop() };
        var layer = Build(p, new[] { logits, labels }, top, device: Device);
        layer.Forward(new[] { logits, labels }, top);
        Assert.Equal(MathF.Log(2f), top[0].GetData()[0], 5);
        top[0].SetDiff(new[] { 1f });
        layer.Backward(top, new[] { true, false }, new[] { logits, labels });
        Assert.Equal(new[] { -0.5f, 0.5f, 0f, 0f }, logits.GetDiff());

        p.LossParam.Normalization = LossParameter.Types.NormalizationMode.BatchSize;
        var layer2 = Build(p, new[] { logits, labels }, top, device: Device);
        layer2.Forward(new[] { logits, labels }, top);
        Assert.Equal(MathF.Log(2f) / 2f, top[0].GetData()[0], 5);
    }

    [Fact]
    public void AccuracyTopKCountsTiesAgainstTheTruth()
    {
        var scores = Of(new[] { 2, 3 }, 0.1f, 0.5f, 0.4f, 0.3f, 0.3f, 0.4f);
        var labels = Of(new[] { 2 }, 2f, 0f);
        Assert.Equal(0f, Run(P.Layer("Accuracy"), scores, labels)[0]);
        var top2 = P.Layer("Accuracy");
        top2.AccuracyParam = new AccuracyParameter { TopK = 2 };
        Assert.Equal(0.5f, Run(top2, scores, labels)[0]);
    }

    [Fact]
    public void DropoutScalesKeptUnitsAtTrain()
    {
        var p = P.Layer("Dropout");
        p.DropoutParam = new DropoutParameter { DropoutRatio = 0.25f };
        var x = Of(new[] { 1000 }, Enumerable.Repeat(1f, 1000).ToArray());
        var y = Run(p, x);
        Assert.All(y, v => Assert.True(v == 0f || Math.Abs(v - 4f / 3f) < 1e-6));
        int kept = y.Count(v => v != 0f);
        Assert.InRange(kept, 650, 850);
    }

    [Fact]
    public void UnknownLayerTypeNamesTheLayer()
    {
        var ex = Assert.Throws<NotSupportedException>(() => Build(P.Layer("Warp", "w1"), Array.Empty<Blob>(), Array.Empty<Blob>(), device: Device));
        Assert.Contains("w1", ex.Message);
        Assert.Contains("Warp", ex.Message);
    }
}

/// <summary>Every Caffe-semantics case again, on the ILGPU kernels (ILGPU's CPU accelerator).</summary>
public sealed class CaffeSemanticsTestsOnIlgpuCpu : CaffeSemanticsTests
{
    protected override string Device => TestDevices.IlgpuCpu;
}
