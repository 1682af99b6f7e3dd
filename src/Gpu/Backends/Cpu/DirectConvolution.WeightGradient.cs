using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>
/// The weight gradient of a stride-1 convolution without im2col: dw[o][c][i][j] = Σ over images and output pixels of
/// dy[o][pixel] · x[c][pixel + (i, j) − pad]. A tile of 8 weight positions (c, i, j) × 32 output channels stays in 16 zmm
/// registers while the loop runs over one image's output pixels, reading dy transposed to [pixel][channel] (one vector
/// load per 16 channels) and broadcasting the 8 input pixels from the padded image.
/// </summary>
internal static unsafe partial class DirectConvolution
{
    private const int TilePositions = 8;

    [ThreadStatic] private static float[]? transposedGradient;
    [ThreadStatic] private static float[]? partialSums;

    /// <summary>dw += the weight gradient of <paramref name="num"/> images (x and dy in NCHW, dw as [o][c][kh][kw]).</summary>
    public static void WeightGradient(in ConvGeometry g, int num, float* x, float* dy, float* dw, int threads)
    {
        int paddedChannels = Blocks(g.OutChannels) * BlockChannels;
        int positions = g.KernelDim, paddedPositions = (positions + TilePositions - 1) / TilePositions * TilePositions;
        int parts = Math.Clamp(threads, 1, num);
        int partLength = paddedPositions * paddedChannels;
        float* sums = PinnedScratch.Get(ref partialSums, parts * partLength);
        new Span<float>(sums, parts * partLength).Clear();
        ConvGeometry geo = g;
        nint xp = (nint)x, dyp = (nint)dy, sp = (nint)sums;
        void Part(int part)
        {
            // Contiguous images per part; each part sums into its own buffer, added up below.
            int from = (int)((long)num * part / parts), to = (int)((long)num * (part + 1) / parts);
            for (int i = from; i < to; i++) ImageWeightGradient(geo, i, (float*)xp, (float*)dyp, (float*)sp + (long)part * partLength, paddedChannels);
        }
        if (parts == 1) Part(0);
        else Parallel.For(0, parts, CpuParallel.Options(parts), Part);

        for (int o = 0; o < g.OutChannels; o++)
            for (int k = 0; k < positions; k++)
            {
                float total = 0f;
                for (int part = 0; part < parts; part++) total += sums[(long)part * partLength + (long)k * paddedChannels + o];
                dw[(long)o * positions + k] += total;
            }
    }

    private static void ImageWeightGradient(in ConvGeometry g, int image, float* x, float* dy, float* sums, int paddedChannels)
    {
        int wp = g.Width + 2 * g.PadW;
        long plane = (long)(g.Height + 2 * g.PadH) * wp;
        float* padded = PadImage(g, x + (long)image * g.Channels * g.Height * g.Width, wp, plane);

        int outH = g.OutH, outW = g.OutW, outSpatial = outH * outW;
        float* gradient = PinnedScratch.Get(ref transposedGradient, outSpatial * paddedChannels);
        TransposeGradient(dy + (long)image * g.OutChannels * outSpatial, g.OutChannels, outSpatial, gradient, paddedChannels);

        int positions = g.KernelDim, kernelArea = g.KernelH * g.KernelW;
        int* offsets = stackalloc int[TilePositions];
        for (int k0 = 0; k0 < positions; k0 += TilePositions)
        {
            for (int t = 0; t < TilePositions; t++)
            {
                int k = Math.Min(k0 + t, positions - 1); // positions past the end repeat the last one into padded rows of the sums
                int c = k / kernelArea, ki = k % kernelArea / g.KernelW, kj = k % g.KernelW;
                offsets[t] = (int)(c * plane) + ki * wp + kj;
            }
            for (int b = 0; b < paddedChannels; b += BlockChannels)
                Tile8x32Gradient(padded, wp, outH, outW, offsets, gradient + b, paddedChannels, sums + (long)k0 * paddedChannels + b);
        }
    }

    /// <summary>
    /// dy's [channel][pixel] plane as [pixel][channel] rows of <paramref name="stride"/> floats (zeros past the last
    /// channel), in 8 × 8 blocks transposed in registers where both counts allow: element by element, the strided reads
    /// of a 32-channel image cost as much as the weight gradient's arithmetic for a 3-channel convolution.
    /// </summary>
    private static void TransposeGradient(float* source, int channels, int pixels, float* gradient, int stride)
    {
        int c8 = channels / 8 * 8, p8 = pixels / 8 * 8;
        for (int o = 0; o < c8; o += 8)
            for (int p = 0; p < p8; p += 8)
                RegisterTranspose.Block8x8(source + (long)o * pixels + p, pixels, gradient + (long)p * stride + o, stride);
        for (int p = 0; p < pixels; p++)
        {
            float* row = gradient + (long)p * stride;
            int from = p < p8 ? c8 : 0;
            for (int o = from; o < channels; o++) row[o] = source[(long)o * pixels + p];
            for (int o = channels; o < stride; o++) row[o] = 0f;
        }
    }

    /// <summary>Copies one image into the thread's zero-padded buffer (row stride <paramref name="wp"/>) and returns it.</summary>
    private static float* PadImage(in ConvGeometry g, float* source, int wp, long plane)
    {
        float* padded = PinnedScratch.Get(ref paddedImage, (int)(g.Channels * plane));
        new Span<float>(padded, (int)(g.Channels * plane)).Clear();
        for (int c = 0; c < g.Channels; c++)
            for (int h = 0; h < g.Height; h++)
                new ReadOnlySpan<float>(source + ((long)c * g.Height + h) * g.Width, g.Width)
                    .CopyTo(new Span<float>(padded + c * plane + (long)(h + g.PadH) * wp + g.PadW, g.Width));
        return padded;
    }

    /// <summary>
    /// sums[t][0..32) += Σ over output pixels of x[pixel + offset t] · gradient[pixel][0..32), for 8 weight positions t
    /// (offsets into the padded image) and one block of 32 output channels; rows of the gradient and of the sums are
    /// <paramref name="stride"/> floats apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x32Gradient(float* padded, int wp, int outH, int outW, int* offsets, float* gradient, int stride, float* sums)
    {
        long s = 0;
        Vector512<float> a00 = Vector512.Load(sums + s), a01 = Vector512.Load(sums + s + 16); s += stride;
        Vector512<float> a10 = Vector512.Load(sums + s), a11 = Vector512.Load(sums + s + 16); s += stride;
        Vector512<float> a20 = Vector512.Load(sums + s), a21 = Vector512.Load(sums + s + 16); s += stride;
        Vector512<float> a30 = Vector512.Load(sums + s), a31 = Vector512.Load(sums + s + 16); s += stride;
        Vector512<float> a40 = Vector512.Load(sums + s), a41 = Vector512.Load(sums + s + 16); s += stride;
        Vector512<float> a50 = Vector512.Load(sums + s), a51 = Vector512.Load(sums + s + 16); s += stride;
        Vector512<float> a60 = Vector512.Load(sums + s), a61 = Vector512.Load(sums + s + 16); s += stride;
        Vector512<float> a70 = Vector512.Load(sums + s), a71 = Vector512.Load(sums + s + 16);
        float* g = gradient;
        for (int oh = 0; oh < outH; oh++)
        {
            float* row = padded + (long)oh * wp;
            float* p0 = row + offsets[0], p1 = row + offsets[1], p2 = row + offsets[2], p3 = row + offsets[3];
            float* p4 = row + offsets[4], p5 = row + offsets[5], p6 = row + offsets[6], p7 = row + offsets[7];
            for (int ow = 0; ow < outW; ow++, g += stride)
            {
                var w0 = Vector512.Load(g);
                var w1 = Vector512.Load(g + 16);
                var v = Vector512.Create(p0[ow]); a00 = Avx512F.FusedMultiplyAdd(v, w0, a00); a01 = Avx512F.FusedMultiplyAdd(v, w1, a01);
                v = Vector512.Create(p1[ow]); a10 = Avx512F.FusedMultiplyAdd(v, w0, a10); a11 = Avx512F.FusedMultiplyAdd(v, w1, a11);
                v = Vector512.Create(p2[ow]); a20 = Avx512F.FusedMultiplyAdd(v, w0, a20); a21 = Avx512F.FusedMultiplyAdd(v, w1, a21);
                v = Vector512.Create(p3[ow]); a30 = Avx512F.FusedMultiplyAdd(v, w0, a30); a31 = Avx512F.FusedMultiplyAdd(v, w1, a31);
                v = Vector512.Create(p4[ow]); a40 = Avx512F.FusedMultiplyAdd(v, w0, a40); a41 = Avx512F.FusedMultiplyAdd(v, w1, a41);
                v = Vector512.Create(p5[ow]); a50 = Avx512F.FusedMultiplyAdd(v, w0, a50); a51 = Avx512F.FusedMultiplyAdd(v, w1, a51);
                v = Vector512.Create(p6[ow]); a60 = Avx512F.FusedMultiplyAdd(v, w0, a60); a61 = Avx512F.FusedMultiplyAdd(v, w1, a61);
                v = Vector512.Create(p7[ow]); a70 = Avx512F.FusedMultiplyAdd(v, w0, a70); a71 = Avx512F.FusedMultiplyAdd(v, w1, a71);
            }
        }
        s = 0;
        a00.Store(sums + s); a01.Store(sums + s + 16); s += stride;
        a10.Store(sums + s); a11.Store(sums + s + 16); s += stride;
        a20.Store(sums + s); a21.Store(sums + s + 16); s += stride;
        a30.Store(sums + s); a31.Store(sums + s + 16); s += stride;
        a40.Store(sums + s); a41.Store(sums + s + 16); s += stride;
        a50.Store(sums + s); a51.Store(sums + s + 16); s += stride;
        a60.Store(sums + s); a61.Store(sums + s + 16); s += stride;
        a70.Store(sums + s); a71.Store(sums + s + 16);
    }
}
