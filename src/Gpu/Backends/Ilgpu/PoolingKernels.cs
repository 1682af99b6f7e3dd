using ILGPU;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>A pooling's geometry as plain fields (a kernel argument), from <see cref="PoolGeometry"/> (sizes already rounded as Caffe).</summary>
internal readonly record struct PoolShape(int Height, int Width, int KernelH, int KernelW, int PadH, int PadW, int StrideH, int StrideW,
    int OutH, int OutW)
{
    public static PoolShape Of(in PoolGeometry g) => new(g.Height, g.Width, g.KernelH, g.KernelW, g.PadH, g.PadW, g.StrideH, g.StrideW, g.OutH, g.OutW);
}

/// <summary>Kernel bodies of MAX and AVE pooling with Caffe's windows, tie order and divisors (as the CPU backend).</summary>
internal static class PoolingKernels
{
    /// <summary>One thread per output: the first maximum in row-major window order (strictly greater replaces), its index h*W+w.</summary>
    public static void MaxForward(Index1D thread, int count, int stride, PoolShape g, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mask, int hasMask)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int pw = k.X % g.OutW, ph = k.X / g.OutW % g.OutH, plane = k.X / (g.OutW * g.OutH);
            int hstart = ph * g.StrideH - g.PadH, wstart = pw * g.StrideW - g.PadW;
            int hend = XMin(hstart + g.KernelH, g.Height), wend = XMin(wstart + g.KernelW, g.Width);
            hstart = XMax(hstart, 0);
            wstart = XMax(wstart, 0);
            int at = plane * g.Height * g.Width;
            float best = float.MinValue;
            int bestIndex = -1;
            for (int h = hstart; h < hend; h++)
            {
                for (int w = wstart; w < wend; w++)
                {
                    float v = x[at + h * g.Width + w];
                    if (v > best)
                    {
                        best = v;
                        bestIndex = h * g.Width + w;
                    }
                }
            }
            y[k] = best;
            if (hasMask != 0)
            {
                mask[k] = bestIndex;
            }
        }
    }

    /// <summary>One thread per output: the window's sum over Caffe's divisor (the window clipped to the padded input).</summary>
    public static void AveForward(Index1D thread, int count, int stride, PoolShape g, ArrayView<float> x, ArrayView<float> y)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int pw = k.X % g.OutW, ph = k.X / g.OutW % g.OutH, plane = k.X / (g.OutW * g.OutH);
            int hstart = ph * g.StrideH - g.PadH, wstart = pw * g.StrideW - g.PadW;
            int hend = XMin(hstart + g.KernelH, g.Height + g.PadH), wend = XMin(wstart + g.KernelW, g.Width + g.PadW);
            int poolSize = (hend - hstart) * (wend - wstart);
            hstart = XMax(hstart, 0);
            wstart = XMax(wstart, 0);
            hend = XMin(hend, g.Height);
            wend = XMin(wend, g.Width);
            int at = plane * g.Height * g.Width;
            float sum = 0f;
            for (int h = hstart; h < hend; h++)
            {
                for (int w = wstart; w < wend; w++)
                {
                    sum += x[at + h * g.Width + w];
                }
            }
            y[k] = sum / poolSize;
        }
    }

    /// <summary>One thread per input: the gradients of the outputs whose argmax it is (gathered, in output order).</summary>
    public static void MaxBackward(Index1D thread, int count, int stride, PoolShape g, ArrayView<float> dy, ArrayView<float> mask, ArrayView<float> dx)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int w = k.X % g.Width, h = k.X / g.Width % g.Height, plane = k.X / (g.Width * g.Height);
            int at = plane * g.OutH * g.OutW;
            float self = h * g.Width + w;
            float sum = 0f;
            for (int ph = FirstWindow(h, g.PadH, g.KernelH, g.StrideH); ph < LastWindow(h, g.PadH, g.StrideH, g.OutH); ph++)
            {
                for (int pw = FirstWindow(w, g.PadW, g.KernelW, g.StrideW); pw < LastWindow(w, g.PadW, g.StrideW, g.OutW); pw++)
                {
                    if (mask[at + ph * g.OutW + pw] == self)
                    {
                        sum += dy[at + ph * g.OutW + pw];
                    }
                }
            }
            dx[k] = sum;
        }
    }

    /// <summary>One thread per input: the shares of every window that holds it.</summary>
    public static void AveBackward(Index1D thread, int count, int stride, PoolShape g, ArrayView<float> dy, ArrayView<float> dx)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int w = k.X % g.Width, h = k.X / g.Width % g.Height, plane = k.X / (g.Width * g.Height);
            int at = plane * g.OutH * g.OutW;
            float sum = 0f;
            for (int ph = FirstWindow(h, g.PadH, g.KernelH, g.StrideH); ph < LastWindow(h, g.PadH, g.StrideH, g.OutH); ph++)
            {
                for (int pw = FirstWindow(w, g.PadW, g.KernelW, g.StrideW); pw < LastWindow(w, g.PadW, g.StrideW, g.OutW); pw++)
                {
                    int hstart = ph * g.StrideH - g.PadH, wstart = pw * g.StrideW - g.PadW;
                    int hend = XMin(hstart + g.KernelH, g.Height + g.PadH), wend = XMin(wstart + g.KernelW, g.Width + g.PadW);
                    sum += dy[at + ph * g.OutW + pw] / ((hend - hstart) * (wend - wstart));
                }
            }
            dx[k] = sum;
        }
    }

    // First pooled index whose window [p*stride - pad, p*stride - pad + kernel) holds input i.
    private static int FirstWindow(int i, int pad, int kernel, int stride) => i + pad < kernel ? 0 : (i + pad - kernel) / stride + 1;

    // One past the last pooled index whose window holds input i.
    private static int LastWindow(int i, int pad, int stride, int pooled) => XMin((i + pad) / stride + 1, pooled);

    private static int XMin(int a, int b) => a < b ? a : b;

    private static int XMax(int a, int b) => a > b ? a : b;
}
