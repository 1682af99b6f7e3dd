namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>
/// Convolution as im2col + GEMM per image (Caffe's BaseConvolutionLayer), threaded over images; stride-1 convolutions on
/// AVX-512 machines run in <see cref="DirectConvolution"/> instead.
/// </summary>
internal sealed unsafe partial class CpuBackend
{
    // Images per chunk are chosen so that one chunk's im2col matrix holds about this many floats.
    private const int ChunkFloats = 1 << 19;

    // Per-thread scratch (pinned, reused): the im2col matrix of a chunk and its GEMM output / gradient.
    [ThreadStatic] private static float[]? colScratch;
    [ThreadStatic] private static float[]? outScratch;

    public void Im2Col(in ConvGeometry g, DeviceBuffer image, int imageOffset, DeviceBuffer col, int colOffset) =>
        Im2ColRaw(g, Ptr(image, imageOffset), Ptr(col, colOffset), g.OutSpatial);

    public void Col2Im(in ConvGeometry g, DeviceBuffer col, int colOffset, DeviceBuffer image, int imageOffset) =>
        Col2ImRaw(g, Ptr(col, colOffset), g.OutSpatial, Ptr(image, imageOffset));

    private static int ChunkSize(in ConvGeometry g, int num) =>
        Math.Clamp(ChunkFloats / Math.Max(1, g.KernelDim * g.Group * g.OutSpatial), 1, Math.Max(1, num));

    /// <remarks>
    /// Images are processed in chunks: the chunk's im2col matrices sit side by side ([C*kh*kw, chunk*HWout]),
    /// so one large GEMM per group replaces many small ones whose packing would cost more than their math.
    /// </remarks>
    public void ConvolutionForward(in ConvGeometry g, int num, DeviceBuffer input, DeviceBuffer weights,
        DeviceBuffer? bias, DeviceBuffer output)
    {
        ConvGeometry geo = g;
        float* x = Ptr(input, 0), w = Ptr(weights, 0), y = Ptr(output, 0);
        float* b = bias is null ? null : Ptr(bias, 0);
        if (DirectConvolution.Supports(g))
        {
            DirectConvolution.Forward(g, num, x, w, b, y, Threads);
            return;
        }
        int n = g.OutSpatial, kG = g.KernelDim, mG = g.OutChannels / g.Group, rows = kG * g.Group;
        long inSize = (long)g.Channels * g.Height * g.Width, outSize = (long)g.OutChannels * n;
        int chunk = ChunkSize(g, num), threads = Threads;
        float* col = PinnedScratch.Get(ref colScratch, rows * chunk * n);
        float* yb = PinnedScratch.Get(ref outScratch, g.OutChannels * chunk * n);
        for (int n0 = 0; n0 < num; n0 += chunk)
        {
            int count = Math.Min(chunk, num - n0), ld = count * n, first = n0;
            ForImages(count, threads, i => Im2ColRaw(geo, x + (first + i) * inSize, col + i * n, ld));
            for (int grp = 0; grp < g.Group; grp++)
            {
                GemmRaw(false, false, mG, ld, kG, 1f, w + (long)grp * mG * kG, col + (long)grp * kG * ld, 0f, yb + (long)grp * mG * ld, threads);
            }
            ForImages(count, threads, i =>
            {
                for (int c = 0; c < geo.OutChannels; c++)
                {
                    var src = new ReadOnlySpan<float>(yb + (long)c * ld + i * n, n);
                    var dst = new Span<float>(y + (first + i) * outSize + (long)c * n, n);
                    if (b == null)
                    {
                        src.CopyTo(dst);
                    }
                    else
                    {
                        System.Numerics.Tensors.TensorPrimitives.Add(src, b[c], dst);
                    }
                }
            });
        }
    }

    public void ConvolutionBackward(in ConvGeometry g, int num, DeviceBuffer input, DeviceBuffer weights,
        DeviceBuffer outputDiff, DeviceBuffer? weightDiff, DeviceBuffer? biasDiff, DeviceBuffer? inputDiff)
    {
        if (biasDiff is not null)
        {
            ChannelSum(num, g.OutChannels, g.OutSpatial, 1f, outputDiff, 0, 1f, biasDiff, 0);
        }
        if (weightDiff is null && inputDiff is null)
        {
            return;
        }
        ConvGeometry geo = g;
        float* x = Ptr(input, 0), w = Ptr(weights, 0), dy = Ptr(outputDiff, 0);
        float* dw = weightDiff is null ? null : Ptr(weightDiff, 0);
        float* dx = inputDiff is null ? null : Ptr(inputDiff, 0);
        if (dx != null && DirectConvolution.SupportsInputGradient(g))
        {
            DirectConvolution.InputGradient(g, num, w, dy, dx, Threads);
            dx = null;
        }
        if (dw != null && DirectConvolution.Supports(g))
        {
            DirectConvolution.WeightGradient(g, num, x, dy, dw, Threads);
            dw = null;
        }
        if (dw == null && dx == null)
        {
            return;
        }
        int n = g.OutSpatial, kG = g.KernelDim, mG = g.OutChannels / g.Group, rows = kG * g.Group;
        long inSize = (long)g.Channels * g.Height * g.Width, outSize = (long)g.OutChannels * n;
        int chunk = ChunkSize(g, num), threads = Threads;
        float* col = PinnedScratch.Get(ref colScratch, rows * chunk * n);
        float* dyb = PinnedScratch.Get(ref outScratch, g.OutChannels * chunk * n);
        for (int n0 = 0; n0 < num; n0 += chunk)
        {
            int count = Math.Min(chunk, num - n0), ld = count * n, first = n0;
            ForImages(count, threads, i =>
            {
                for (int c = 0; c < geo.OutChannels; c++)
                {
                    new ReadOnlySpan<float>(dy + (first + i) * outSize + (long)c * n, n).CopyTo(new Span<float>(dyb + (long)c * ld + i * n, n));
                }
            });
            if (dw != null)
            {
                ForImages(count, threads, i => Im2ColRaw(geo, x + (first + i) * inSize, col + i * n, ld));
                for (int grp = 0; grp < g.Group; grp++)
                {
                    GemmRaw(false, true, mG, kG, ld, 1f, dyb + (long)grp * mG * ld, col + (long)grp * kG * ld, 1f, dw + (long)grp * mG * kG, threads);
                }
            }
            if (dx != null)
            {
                for (int grp = 0; grp < g.Group; grp++)
                {
                    GemmRaw(true, false, kG, ld, mG, 1f, w + (long)grp * mG * kG, dyb + (long)grp * mG * ld, 0f, col + (long)grp * kG * ld, threads);
                }
                ForImages(count, threads, i => Col2ImRaw(geo, col + i * n, ld, dx + (first + i) * inSize));
            }
        }
    }

    private static void ForImages(int count, int threads, Action<int> body)
    {
        if (threads == 1 || count == 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }
            return;
        }
        Parallel.For(0, count, CpuParallel.Options(threads), body);
    }

    // Per-thread zero-padded copy of one input plane, so stride-1 im2col/col2im rows need no clipping.
    [ThreadStatic] private static float[]? paddedPlane;

    internal static void Im2ColRaw(in ConvGeometry g, float* x, float* col, int colStride)
    {
        if (g.StrideW == 1)
        {
            Im2ColPadded(g, x, col, colStride);
            return;
        }
        int outH = g.OutH, outW = g.OutW, h = g.Height, wd = g.Width;
        for (int c = 0; c < g.Channels; c++)
        {
            float* plane = x + (long)c * h * wd;
            for (int ki = 0; ki < g.KernelH; ki++)
            {
                for (int kj = 0; kj < g.KernelW; kj++)
                {
                    float* dst = col + ((long)(c * g.KernelH + ki) * g.KernelW + kj) * colStride;
                    int iw0 = kj * g.DilationW - g.PadW;
                    int owFrom = 0, owTo = outW;
                    if (g.StrideW == 1)
                    {
                        owFrom = Math.Clamp(-iw0, 0, outW);
                        owTo = Math.Clamp(wd - iw0, owFrom, outW);
                    }
                    for (int oh = 0; oh < outH; oh++, dst += outW)
                    {
                        int ih = oh * g.StrideH - g.PadH + ki * g.DilationH;
                        if ((uint)ih >= (uint)h)
                        {
                            new Span<float>(dst, outW).Clear();
                            continue;
                        }
                        float* src = plane + (long)ih * wd;
                        if (g.StrideW == 1)
                        {
                            // Rows are short (often 8-32 floats): plain loops beat span copies here.
                            for (int ow = 0; ow < owFrom; ow++)
                            {
                                dst[ow] = 0f;
                            }
                            float* from = src + iw0;
                            int ow2 = owFrom;
                            for (; ow2 <= owTo - 8; ow2 += 8)
                            {
                                System.Runtime.Intrinsics.Vector256.Store(System.Runtime.Intrinsics.Vector256.Load(from + ow2), dst + ow2);
                            }
                            for (; ow2 < owTo; ow2++)
                            {
                                dst[ow2] = from[ow2];
                            }
                            for (int ow = owTo; ow < outW; ow++)
                            {
                                dst[ow] = 0f;
                            }
                        }
                        else
                        {
                            for (int ow = 0; ow < outW; ow++)
                            {
                                int iw = ow * g.StrideW + iw0;
                                dst[ow] = (uint)iw < (uint)wd ? src[iw] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    internal static void Col2ImRaw(in ConvGeometry g, float* col, int colStride, float* x)
    {
        if (g.StrideW == 1)
        {
            Col2ImPadded(g, col, colStride, x);
            return;
        }
        int outH = g.OutH, outW = g.OutW, h = g.Height, wd = g.Width;
        new Span<float>(x, g.Channels * h * wd).Clear();
        for (int c = 0; c < g.Channels; c++)
        {
            float* plane = x + (long)c * h * wd;
            for (int ki = 0; ki < g.KernelH; ki++)
            {
                for (int kj = 0; kj < g.KernelW; kj++)
                {
                    float* src = col + ((long)(c * g.KernelH + ki) * g.KernelW + kj) * colStride;
                    int iw0 = kj * g.DilationW - g.PadW;
                    for (int oh = 0; oh < outH; oh++, src += outW)
                    {
                        int ih = oh * g.StrideH - g.PadH + ki * g.DilationH;
                        if ((uint)ih >= (uint)h)
                        {
                            continue;
                        }
                        float* dst = plane + (long)ih * wd;
                        if (g.StrideW == 1)
                        {
                            int owFrom = Math.Clamp(-iw0, 0, outW);
                            int owTo = Math.Clamp(wd - iw0, owFrom, outW);
                            var d = new Span<float>(dst + owFrom + iw0, owTo - owFrom);
                            System.Numerics.Tensors.TensorPrimitives.Add(d, new ReadOnlySpan<float>(src + owFrom, owTo - owFrom), d);
                        }
                        else
                        {
                            for (int ow = 0; ow < outW; ow++)
                            {
                                int iw = ow * g.StrideW + iw0;
                                if ((uint)iw < (uint)wd)
                                {
                                    dst[iw] += src[ow];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void Im2ColPadded(in ConvGeometry g, float* x, float* col, int colStride)
    {
        int outH = g.OutH, outW = g.OutW, h = g.Height, w = g.Width;
        int hp = h + 2 * g.PadH, wp = w + 2 * g.PadW;
        float* padded = PinnedScratch.Get(ref paddedPlane, hp * wp);
        new Span<float>(padded, hp * wp).Clear();
        for (int c = 0; c < g.Channels; c++)
        {
            float* plane = x + (long)c * h * w;
            for (int i = 0; i < h; i++)
            {
                new ReadOnlySpan<float>(plane + (long)i * w, w).CopyTo(new Span<float>(padded + (long)(i + g.PadH) * wp + g.PadW, w));
            }
            for (int ki = 0; ki < g.KernelH; ki++)
            {
                for (int kj = 0; kj < g.KernelW; kj++)
                {
                    float* dst = col + ((long)(c * g.KernelH + ki) * g.KernelW + kj) * colStride;
                    float* src = padded + (long)ki * g.DilationH * wp + kj * g.DilationW;
                    for (int oh = 0; oh < outH; oh++, dst += outW)
                    {
                        CopyRow(src + (long)oh * g.StrideH * wp, dst, outW);
                    }
                }
            }
        }
    }

    private static void Col2ImPadded(in ConvGeometry g, float* col, int colStride, float* x)
    {
        int outH = g.OutH, outW = g.OutW, h = g.Height, w = g.Width;
        int hp = h + 2 * g.PadH, wp = w + 2 * g.PadW;
        float* padded = PinnedScratch.Get(ref paddedPlane, hp * wp);
        for (int c = 0; c < g.Channels; c++)
        {
            new Span<float>(padded, hp * wp).Clear();
            for (int ki = 0; ki < g.KernelH; ki++)
            {
                for (int kj = 0; kj < g.KernelW; kj++)
                {
                    float* src = col + ((long)(c * g.KernelH + ki) * g.KernelW + kj) * colStride;
                    float* dst = padded + (long)ki * g.DilationH * wp + kj * g.DilationW;
                    for (int oh = 0; oh < outH; oh++, src += outW)
                    {
                        AddRow(src, dst + (long)oh * g.StrideH * wp, outW);
                    }
                }
            }
            float* plane = x + (long)c * h * w;
            for (int i = 0; i < h; i++)
            {
                new ReadOnlySpan<float>(padded + (long)(i + g.PadH) * wp + g.PadW, w).CopyTo(new Span<float>(plane + (long)i * w, w));
            }
        }
    }

    private static void CopyRow(float* src, float* dst, int n)
    {
        int i = 0;
        for (; i <= n - 8; i += 8)
        {
            System.Runtime.Intrinsics.Vector256.Store(System.Runtime.Intrinsics.Vector256.Load(src + i), dst + i);
        }
        for (; i < n; i++)
        {
            dst[i] = src[i];
        }
    }

    private static void AddRow(float* src, float* dst, int n)
    {
        int i = 0;
        for (; i <= n - 8; i += 8)
        {
            System.Runtime.Intrinsics.Vector256.Store(
                System.Runtime.Intrinsics.Vector256.Load(dst + i) + System.Runtime.Intrinsics.Vector256.Load(src + i), dst + i);
        }
        for (; i < n; i++)
        {
            dst[i] += src[i];
        }
    }
}
