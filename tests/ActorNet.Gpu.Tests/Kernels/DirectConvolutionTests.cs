using System.Runtime.Intrinsics.X86;
using ActorNet.Gpu.Backends;
using ActorNet.Gpu.Backends.Cpu;

namespace ActorNet.Gpu.Tests.Kernels;

/// <summary>The im2col-free stride-1 convolution against a plain loop over Caffe's definition.</summary>
public unsafe class DirectConvolutionTests
{
    public static TheoryData<int, int, int, int, int, int> Shapes => new()
    {
        // channels, height, width, output channels, kernel, pad
        { 32, 16, 16, 32, 5, 2 },  // cifar10_quick conv2
        { 3, 32, 32, 32, 5, 2 },   // conv1: few input channels
        { 32, 8, 8, 64, 5, 2 },    // conv3: two channel blocks
        { 20, 12, 12, 50, 5, 0 },  // LeNet conv2: a partial channel block, 8-pixel tiles (input gradient: GEMM)
        { 20, 12, 12, 50, 5, 3 },  // wider than "same" padding, input gradient included
        { 17, 7, 11, 20, 3, 1 },   // odd sizes: a partial last tile in every row
        { 16, 5, 5, 16, 1, 0 },    // 1×1
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_and_both_gradients_match_the_definition(int channels, int height, int width, int outChannels, int kernel, int pad)
    {
        var g = new ConvGeometry(channels, height, width, outChannels, 1, kernel, kernel, pad, pad, 1, 1, 1, 1);
        if (!Avx512F.IsSupported)
        {
            Assert.False(DirectConvolution.Supports(g)); // the GEMM path runs instead, tested elsewhere
            return;
        }
        Assert.True(DirectConvolution.Supports(g));
        const int num = 3;
        var random = new Random(channels * 31 + outChannels);
        float[] Values(int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray();
        var x = Values(num * channels * height * width);
        var w = Values(outChannels * channels * kernel * kernel);
        var bias = Values(outChannels);
        var dy = Values(num * outChannels * g.OutH * g.OutW);
        var y = new float[dy.Length];
        var dx = Enumerable.Repeat(float.NaN, x.Length).ToArray(); // overwritten, never read
        var dw = Enumerable.Repeat(0.5f, w.Length).ToArray();       // accumulated into, as Caffe's weight diff
        fixed (float* px = x, pw = w, pb = bias, py = y, pdy = dy, pdx = dx, pdw = dw)
        {
            DirectConvolution.Forward(g, num, px, pw, pb, py, threads: 2);
            if (DirectConvolution.SupportsInputGradient(g)) DirectConvolution.InputGradient(g, num, pw, pdy, pdx, threads: 1);
            DirectConvolution.WeightGradient(g, num, px, pdy, pdw, threads: 2);
        }

        var (expectedY, expectedDx, expectedDw) = Reference(g, num, x, w, bias, dy);
        for (int i = 0; i < dw.Length; i++) Assert.Equal(0.5f + expectedDw[i], dw[i], 1e-3f);
        for (int i = 0; i < y.Length; i++) Assert.Equal(expectedY[i], y[i], 1e-4f);
        if (DirectConvolution.SupportsInputGradient(g))
            for (int i = 0; i < dx.Length; i++) Assert.Equal(expectedDx[i], dx[i], 1e-4f);
    }

    [Fact]
    public void Strided_grouped_or_dilated_convolutions_are_left_to_the_gemm_path()
    {
        Assert.False(DirectConvolution.Supports(new ConvGeometry(32, 16, 16, 32, 1, 3, 3, 1, 1, 2, 2, 1, 1)));
        Assert.False(DirectConvolution.Supports(new ConvGeometry(32, 16, 16, 32, 2, 3, 3, 1, 1, 1, 1, 1, 1)));
        Assert.False(DirectConvolution.Supports(new ConvGeometry(32, 16, 16, 32, 1, 3, 3, 1, 1, 1, 1, 2, 2)));
        Assert.False(DirectConvolution.SupportsInputGradient(new ConvGeometry(3, 16, 16, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1)));
        // A valid convolution's transposed one would multiply mostly padding: its input gradient stays with GEMM.
        Assert.False(DirectConvolution.SupportsInputGradient(new ConvGeometry(20, 12, 12, 50, 1, 5, 5, 0, 0, 1, 1, 1, 1)));
        Assert.True(DirectConvolution.SupportsInputGradient(new ConvGeometry(32, 16, 16, 32, 1, 5, 5, 2, 2, 1, 1, 1, 1)));
    }

    // y[n][o][h][w] = b[o] + Σ x[n][c][h+i−p][w+j−p]·w[o][c][i][j]; dx is its transpose applied to dy; dw pairs dy with x.
    private static (float[] Y, float[] Dx, float[] Dw) Reference(ConvGeometry g, int num, float[] x, float[] w, float[] bias, float[] dy)
    {
        int k = g.KernelH, p = g.PadH, oh = g.OutH, ow = g.OutW;
        var y = new float[num * g.OutChannels * oh * ow];
        var dx = new float[x.Length];
        var dw = new double[w.Length];
        for (int n = 0; n < num; n++)
            for (int o = 0; o < g.OutChannels; o++)
                for (int h = 0; h < oh; h++)
                    for (int v = 0; v < ow; v++)
                    {
                        int yi = ((n * g.OutChannels + o) * oh + h) * ow + v;
                        double sum = bias[o];
                        for (int c = 0; c < g.Channels; c++)
                            for (int i = 0; i < k; i++)
                                for (int j = 0; j < k; j++)
                                {
                                    int ih = h + i - p, iw = v + j - p;
                                    if (ih < 0 || ih >= g.Height || iw < 0 || iw >= g.Width) continue;
                                    int xi = ((n * g.Channels + c) * g.Height + ih) * g.Width + iw;
                                    float weight = w[((o * g.Channels + c) * k + i) * k + j];
                                    sum += x[xi] * weight;
                                    dx[xi] += dy[yi] * weight;
                                    dw[((o * g.Channels + c) * k + i) * k + j] += (double)dy[yi] * x[xi];
                                }
                        y[yi] = (float)sum;
                    }
        return (y, dx, dw.Select(v => (float)v).ToArray());
    }
}
