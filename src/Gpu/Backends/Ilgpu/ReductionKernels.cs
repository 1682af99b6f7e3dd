using ILGPU;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>Kernel bodies of the reductions and the per-channel kernels.</summary>
internal static class ReductionKernels
{
    /// <summary>Which sum <see cref="Partial"/> computes.</summary>
    public const int DotOp = 0, AsumOp = 1, SumSquaresOp = 2;

    /// <summary>
    /// Thread t sums elements t, t + parts, t + 2*parts... into partial[t]; the host adds the partials in a fixed
    /// order, so a reduction gives the same value every run.
    /// </summary>
    public static void Partial(Index1D t, int n, int parts, int op, ArrayView<float> x, int xOffset, ArrayView<float> y, int yOffset,
        ArrayView<float> partial)
    {
        float sum = 0f;
        for (int i = t.X; i < n; i += parts)
        {
            float v = x[xOffset + i];
            sum += op == DotOp ? v * y[yOffset + i] : op == AsumOp ? XAbs(v) : v * v;
        }
        partial[t] = sum;
    }

    /// <summary>result[c] = beta*result[c] + alpha * sum (or dot with y when withY) over outer and inner; one thread per channel.</summary>
    public static void ChannelSum(Index1D thread, int count, int stride, ChannelArgs p, ArrayView<float> x, int xOffset, ArrayView<float> y, int yOffset,
        ArrayView<float> result, int resultOffset)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D c = element;
            double sum = 0;
            for (int o = 0; o < p.Outer; o++)
            {
                int at = (o * p.Channels + c.X) * p.Inner;
                float part = 0f;
                for (int i = 0; i < p.Inner; i++)
                {
                    part += p.WithY != 0 ? x[xOffset + at + i] * y[yOffset + at + i] : x[xOffset + at + i];
                }
                sum += part;
            }
            float old = p.Beta == 0f ? 0f : p.Beta * result[resultOffset + c.X];
            result[resultOffset + c.X] = old + p.Alpha * (float)sum;
        }
    }

    /// <summary>y[o,c,i] = x[o,c,i]*scale[c] (+ bias[c]); one thread per element.</summary>
    public static void ChannelAffine(Index1D thread, int count, int stride, int channels, int inner, ArrayView<float> x, int xOffset, ArrayView<float> scale, int scaleOffset,
        ArrayView<float> bias, int biasOffset, int hasBias, ArrayView<float> y, int yOffset)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int c = k.X / inner % channels;
            float v = x[xOffset + k.X] * scale[scaleOffset + c];
            y[yOffset + k.X] = hasBias != 0 ? v + bias[biasOffset + c] : v;
        }
    }

    /// <summary>y[o,c,i] += alpha*v[c]; one thread per element.</summary>
    public static void ChannelAdd(Index1D thread, int count, int stride, int channels, int inner, float alpha, ArrayView<float> v, int vOffset, ArrayView<float> y, int yOffset)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int c = k.X / inner % channels;
            y[yOffset + k.X] += alpha * v[vOffset + c];
        }
    }

    private static float XAbs(float v) => v < 0f ? -v : v;
}

/// <summary>Shape and scalars of a per-channel reduction, in one kernel argument.</summary>
internal readonly record struct ChannelArgs(int Outer, int Channels, int Inner, float Alpha, float Beta, int WithY);
