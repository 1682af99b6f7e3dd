using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>
/// Stride-1 convolution without im2col, for AVX-512 machines: each tile of 8 output pixels × 32 output channels is
/// kept in 16 zmm registers while the loop runs over input channel and kernel position, broadcasting one input pixel
/// and multiplying it with 32 channels' weights (repacked as [channel block][c][kh][kw][32]). The input is read straight
/// from a zero-padded copy of the image, so there is no 25×-expanded im2col matrix to write and read back, which is
/// where a GEMM convolution of few channels spends its time. The backward pass for the input is the same kernel: a
/// convolution of the output gradient with the flipped, transposed weights and padding k − 1 − pad. The weight gradient
/// is in DirectConvolution.WeightGradient.cs.
/// </summary>
internal static unsafe partial class DirectConvolution
{
    private const int TilePixels = 8;
    private const int BlockChannels = 32;

    // Per-thread padded input and per-call packed weights, pinned (reused across calls).
    [ThreadStatic] private static float[]? paddedImage;
    [ThreadStatic] private static float[]? packedWeights;
    [ThreadStatic] private static float[]? packedBias;

    /// <summary>
    /// Whether <paramref name="g"/> runs here: AVX-512, one group, stride and dilation 1, and enough output channels
    /// for the 32-channel blocks to be mostly real work.
    /// </summary>
    public static bool Supports(in ConvGeometry g) =>
        Avx512F.IsSupported && g.Group == 1 && g.StrideH == 1 && g.StrideW == 1 && g.DilationH == 1 && g.DilationW == 1
        && g.OutChannels >= 16 && g.OutH > 0 && g.OutW > 0;

    /// <summary>
    /// Whether the input gradient of <paramref name="g"/> runs here: its transposed convolution pads by k − 1 − pad, so
    /// only where that is no more than pad (a "same" or wider padding) does it compute little beyond the real work; a
    /// LeNet-style valid convolution (pad 0, 5×5 on 8×8) would multiply mostly padding and stays with GEMM + col2im.
    /// </summary>
    public static bool SupportsInputGradient(in ConvGeometry g) =>
        Supports(g) && g.Channels >= 16 && 2 * g.PadH >= g.KernelH - 1 && 2 * g.PadW >= g.KernelW - 1
        && g.PadH < g.KernelH && g.PadW < g.KernelW;

    /// <summary>y = conv(x, w) + bias for <paramref name="num"/> images (NCHW), overwriting y.</summary>
    public static void Forward(in ConvGeometry g, int num, float* x, float* w, float* bias, float* y, int threads) =>
        Run(g, num, x, w, transposed: false, bias, y, threads);

    /// <summary>dx = the input gradient of a stride-1 convolution from dy (overwriting dx).</summary>
    public static void InputGradient(in ConvGeometry g, int num, float* w, float* dy, float* dx, int threads)
    {
        // The transposed convolution: dy's channels in, x's channels out, the kernel flipped, padding k − 1 − pad.
        var t = new ConvGeometry(g.OutChannels, g.OutH, g.OutW, g.Channels, 1, g.KernelH, g.KernelW,
            g.KernelH - 1 - g.PadH, g.KernelW - 1 - g.PadW, 1, 1, 1, 1);
        Run(t, num, dy, w, transposed: true, null, dx, threads);
    }

    // 32-channel blocks covering `channels` output channels (the last one zero-padded).
    private static int Blocks(int channels) => (channels + BlockChannels - 1) / BlockChannels;

    /// <summary>
    /// Packs w[co][ci][kh][kw] as [block][c][kh][kw][32], zero past the last output channel. Transposed: the weights of the
    /// transposed convolution (its output channel o is w's input channel, its input channel c is w's output channel, the
    /// kernel position flipped).
    /// </summary>
    private static void PackWeights(int outChannels, int channels, int kh, int kw, float* w, bool transposed, float* packed)
    {
        for (int b = 0; b < Blocks(outChannels); b++)
            for (int c = 0; c < channels; c++)
                for (int ki = 0; ki < kh; ki++)
                    for (int kj = 0; kj < kw; kj++)
                    {
                        float* dst = packed + ((((long)b * channels + c) * kh + ki) * kw + kj) * BlockChannels;
                        for (int lane = 0; lane < BlockChannels; lane++)
                        {
                            int o = b * BlockChannels + lane;
                            dst[lane] = o >= outChannels ? 0f
                                : transposed ? w[(((long)c * outChannels + o) * kh + (kh - 1 - ki)) * kw + (kw - 1 - kj)]
                                : w[(((long)o * channels + c) * kh + ki) * kw + kj];
                        }
                    }
    }

    /// <summary>
    /// Packs the weights (<paramref name="transposed"/>: as <see cref="InputGradient"/>'s transposed convolution needs
    /// them) and the bias (zeros when null) once, then convolves the images, split over <paramref name="threads"/>.
    /// </summary>
    private static void Run(ConvGeometry g, int num, float* x, float* w, bool transposed, float* bias, float* y, int threads)
    {
        int padded = Blocks(g.OutChannels) * BlockChannels;
        float* pw = PinnedScratch.Get(ref packedWeights, padded * g.Channels * g.KernelH * g.KernelW);
        float* pb = PinnedScratch.Get(ref packedBias, padded);
        PackWeights(g.OutChannels, g.Channels, g.KernelH, g.KernelW, w, transposed, pw);
        for (int c = 0; c < padded; c++) pb[c] = bias != null && c < g.OutChannels ? bias[c] : 0f;
        nint xp = (nint)x, wp = (nint)pw, bp = (nint)pb, yp = (nint)y;
        if (threads <= 1 || num == 1)
        {
            for (int i = 0; i < num; i++) Image(g, i, (float*)xp, (float*)wp, (float*)bp, (float*)yp);
            return;
        }
        Parallel.For(0, num, CpuParallel.Options(threads), i => Image(g, i, (float*)xp, (float*)wp, (float*)bp, (float*)yp));
    }

    private static void Image(in ConvGeometry g, int image, float* x, float* pw, float* pb, float* y)
    {
        int hp = g.Height + 2 * g.PadH;
        // A whole tile past the right edge stays inside the row: the last tile computes its unused pixels from zeros.
        int wp = g.Width + 2 * g.PadW + TilePixels;
        long plane = (long)hp * wp;
        float* padded = PadImage(g, x + (long)image * g.Channels * g.Height * g.Width, wp, plane);

        int outH = g.OutH, outW = g.OutW, outSpatial = outH * outW;
        int blocks = Blocks(g.OutChannels);
        long blockWeights = (long)g.Channels * g.KernelH * g.KernelW * BlockChannels;
        float* output = y + (long)image * g.OutChannels * outSpatial;
        float* tile = stackalloc float[TilePixels * BlockChannels];
        for (int b = 0; b < blocks; b++)
        {
            int channels = Math.Min(BlockChannels, g.OutChannels - b * BlockChannels);
            for (int oh = 0; oh < outH; oh++)
            {
                for (int ow = 0; ow < outW; ow += TilePixels)
                {
                    Tile8x32(padded + (long)oh * wp + ow, plane, wp, g.Channels, g.KernelH, g.KernelW, pw + b * blockWeights, pb + b * BlockChannels, tile);
                    int pixels = Math.Min(TilePixels, outW - ow);
                    float* dst = output + (long)b * BlockChannels * outSpatial + (long)oh * outW + ow;
                    // The tile is [pixel][channel], the output [channel][pixel]: whole 8 × 8 blocks are transposed in
                    // registers (with few input channels the scalar stores would cost as much as the arithmetic).
                    int c8 = pixels == TilePixels ? channels / 8 * 8 : 0;
                    for (int c = 0; c < c8; c += 8)
                        RegisterTranspose.Block8x8(tile + c, BlockChannels, dst + (long)c * outSpatial, outSpatial);
                    for (int c = c8; c < channels; c++)
                        for (int p = 0; p < pixels; p++)
                            dst[(long)c * outSpatial + p] = tile[p * BlockChannels + c];
                }
            }
        }
    }

    /// <summary>
    /// One tile: 8 consecutive output pixels of a row × 32 output channels, summed over every input channel and kernel
    /// position; <paramref name="x"/> is the padded input at the tile's top-left, <paramref name="w"/> the block's packed
    /// weights. Writes the tile as [pixel][channel].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x32(float* x, long plane, int rowStride, int channels, int kh, int kw, float* w, float* bias, float* tile)
    {
        var b0 = Vector512.Load(bias);
        var b1 = Vector512.Load(bias + 16);
        Vector512<float> a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
        Vector512<float> a40 = b0, a41 = b1, a50 = b0, a51 = b1, a60 = b0, a61 = b1, a70 = b0, a71 = b1;
        for (int ci = 0; ci < channels; ci++)
        {
            float* rowStart = x + ci * plane;
            for (int ki = 0; ki < kh; ki++, rowStart += rowStride)
            {
                float* r = rowStart;
                for (int kj = 0; kj < kw; kj++, r++, w += BlockChannels)
                {
                    var w0 = Vector512.Load(w);
                    var w1 = Vector512.Load(w + 16);
                    var v = Vector512.Create(r[0]); a00 = Avx512F.FusedMultiplyAdd(v, w0, a00); a01 = Avx512F.FusedMultiplyAdd(v, w1, a01);
                    v = Vector512.Create(r[1]); a10 = Avx512F.FusedMultiplyAdd(v, w0, a10); a11 = Avx512F.FusedMultiplyAdd(v, w1, a11);
                    v = Vector512.Create(r[2]); a20 = Avx512F.FusedMultiplyAdd(v, w0, a20); a21 = Avx512F.FusedMultiplyAdd(v, w1, a21);
                    v = Vector512.Create(r[3]); a30 = Avx512F.FusedMultiplyAdd(v, w0, a30); a31 = Avx512F.FusedMultiplyAdd(v, w1, a31);
                    v = Vector512.Create(r[4]); a40 = Avx512F.FusedMultiplyAdd(v, w0, a40); a41 = Avx512F.FusedMultiplyAdd(v, w1, a41);
                    v = Vector512.Create(r[5]); a50 = Avx512F.FusedMultiplyAdd(v, w0, a50); a51 = Avx512F.FusedMultiplyAdd(v, w1, a51);
                    v = Vector512.Create(r[6]); a60 = Avx512F.FusedMultiplyAdd(v, w0, a60); a61 = Avx512F.FusedMultiplyAdd(v, w1, a61);
                    v = Vector512.Create(r[7]); a70 = Avx512F.FusedMultiplyAdd(v, w0, a70); a71 = Avx512F.FusedMultiplyAdd(v, w1, a71);
                }
            }
        }
        a00.Store(tile + 0); a01.Store(tile + 16); a10.Store(tile + 32); a11.Store(tile + 48);
        a20.Store(tile + 64); a21.Store(tile + 80); a30.Store(tile + 96); a31.Store(tile + 112);
        a40.Store(tile + 128); a41.Store(tile + 144); a50.Store(tile + 160); a51.Store(tile + 176);
        a60.Store(tile + 192); a61.Store(tile + 208); a70.Store(tile + 224); a71.Store(tile + 240);
    }
}
