namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>Convolution as im2col + GEMM per image (Caffe's BaseConvolutionLayer), threaded over images.</summary>
internal sealed unsafe partial class CpuBackend
{
    // Per-thread im2col scratch, pinned; reused by every convolution the thread runs.
    [ThreadStatic] private static float[]? colScratch;

    // Per-thread weight-gradient accumulators for the backward pass (thread 0 writes the real diff).
    private float[]? weightScratch;

    public void Im2Col(in ConvGeometry g, DeviceBuffer image, int imageOffset, DeviceBuffer col, int colOffset) =>
        Im2ColRaw(g, Ptr(image, imageOffset), Ptr(col, colOffset));

    public void Col2Im(in ConvGeometry g, DeviceBuffer col, int colOffset, DeviceBuffer image, int imageOffset) =>
        Col2ImRaw(g, Ptr(col, colOffset), Ptr(image, imageOffset));

    public void ConvolutionForward(in ConvGeometry g, int num, DeviceBuffer input, DeviceBuffer weights,
        DeviceBuffer? bias, DeviceBuffer output)
    {
        ConvGeometry geo = g;
        float* x = Ptr(input, 0), w = Ptr(weights, 0), y = Ptr(output, 0);
        float* b = bias is null ? null : Ptr(bias, 0);
        long inSize = (long)g.Channels * g.Height * g.Width;
        long outSize = (long)g.OutChannels * g.OutSpatial;
        int threads = Threads;
        if (threads > 1 && num >= threads)
        {
            Parallel.For(0, num, CpuParallel.Options(threads), i => ForwardImage(geo, x + i * inSize, w, b, y + i * outSize, 1));
        }
        else
        {
            for (int i = 0; i < num; i++)
            {
                ForwardImage(geo, x + i * inSize, w, b, y + i * outSize, threads);
            }
        }
    }

    private static void ForwardImage(in ConvGeometry g, float* x, float* w, float* b, float* y, int gemmThreads)
    {
        int n = g.OutSpatial, kG = g.KernelDim, mG = g.OutChannels / g.Group;
        float* col = x;
        if (!g.IsPointwise)
        {
            col = PinScratch(ref colScratch, kG * g.Group * n);
            Im2ColRaw(g, x, col);
        }
        for (int grp = 0; grp < g.Group; grp++)
        {
            GemmRaw(false, false, mG, n, kG, 1f, w + (long)grp * mG * kG, col + (long)grp * kG * n, 0f, y + (long)grp * mG * n, gemmThreads);
        }
        if (b != null)
        {
            for (int c = 0; c < g.OutChannels; c++)
            {
                var row = new Span<float>(y + (long)c * n, n);
                System.Numerics.Tensors.TensorPrimitives.Add(row, b[c], row);
            }
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
        long inSize = (long)g.Channels * g.Height * g.Width;
        long outSize = (long)g.OutChannels * g.OutSpatial;
        int threads = Threads;
        if (threads > 1 && num >= threads)
        {
            int wc = g.WeightCount;
            float* scratch = dw == null ? null : PinScratch(ref weightScratch, (threads - 1) * wc);
            if (scratch != null)
            {
                new Span<float>(scratch, (threads - 1) * wc).Clear();
            }
            Parallel.For(0, threads, CpuParallel.Options(threads), t =>
            {
                float* myDw = dw == null ? null : t == 0 ? dw : scratch + (long)(t - 1) * wc;
                int from = num * t / threads, to = num * (t + 1) / threads;
                for (int i = from; i < to; i++)
                {
                    BackwardImage(geo, x + i * inSize, w, dy + i * outSize, myDw, dx == null ? null : dx + i * inSize, 1);
                }
            });
            if (dw != null)
            {
                var total = new Span<float>(dw, wc);
                for (int t = 1; t < threads; t++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(total, new ReadOnlySpan<float>(scratch + (long)(t - 1) * wc, wc), total);
                }
            }
        }
        else
        {
            for (int i = 0; i < num; i++)
            {
                BackwardImage(geo, x + i * inSize, w, dy + i * outSize, dw, dx == null ? null : dx + i * inSize, threads);
            }
        }
    }

    private static void BackwardImage(in ConvGeometry g, float* x, float* w, float* dy, float* dw, float* dx, int gemmThreads)
    {
        int n = g.OutSpatial, kG = g.KernelDim, mG = g.OutChannels / g.Group;
        float* col = g.IsPointwise ? null : PinScratch(ref colScratch, kG * g.Group * n);
        if (dw != null)
        {
            float* src = x;
            if (!g.IsPointwise)
            {
                Im2ColRaw(g, x, col);
                src = col;
            }
            for (int grp = 0; grp < g.Group; grp++)
            {
                GemmRaw(false, true, mG, kG, n, 1f, dy + (long)grp * mG * n, src + (long)grp * kG * n, 1f, dw + (long)grp * mG * kG, gemmThreads);
            }
        }
        if (dx != null)
        {
            float* dcol = g.IsPointwise ? dx : col;
            for (int grp = 0; grp < g.Group; grp++)
            {
                GemmRaw(true, false, kG, n, mG, 1f, w + (long)grp * mG * kG, dy + (long)grp * mG * n, 0f, dcol + (long)grp * kG * n, gemmThreads);
            }
            if (!g.IsPointwise)
            {
                Col2ImRaw(g, col, dx);
            }
        }
    }

    internal static void Im2ColRaw(in ConvGeometry g, float* x, float* col)
    {
        int outH = g.OutH, outW = g.OutW, h = g.Height, wd = g.Width;
        for (int c = 0; c < g.Channels; c++)
        {
            float* plane = x + (long)c * h * wd;
            for (int ki = 0; ki < g.KernelH; ki++)
            {
                for (int kj = 0; kj < g.KernelW; kj++)
                {
                    float* dst = col + ((long)(c * g.KernelH + ki) * g.KernelW + kj) * outH * outW;
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
                            new Span<float>(dst, owFrom).Clear();
                            new ReadOnlySpan<float>(src + owFrom + iw0, owTo - owFrom).CopyTo(new Span<float>(dst + owFrom, owTo - owFrom));
                            new Span<float>(dst + owTo, outW - owTo).Clear();
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

    internal static void Col2ImRaw(in ConvGeometry g, float* col, float* x)
    {
        int outH = g.OutH, outW = g.OutW, h = g.Height, wd = g.Width;
        new Span<float>(x, g.Channels * h * wd).Clear();
        for (int c = 0; c < g.Channels; c++)
        {
            float* plane = x + (long)c * h * wd;
            for (int ki = 0; ki < g.KernelH; ki++)
            {
                for (int kj = 0; kj < g.KernelW; kj++)
                {
                    float* src = col + ((long)(c * g.KernelH + ki) * g.KernelW + kj) * outH * outW;
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

    private static float* PinScratch(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<float>(Math.Max(length, 1), pinned: true);
        }
        return (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref buffer[0]);
    }
}
