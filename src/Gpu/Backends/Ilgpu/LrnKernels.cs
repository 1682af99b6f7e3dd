using ILGPU;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>An LRN's shape and constants, in one kernel argument.</summary>
internal readonly record struct LrnArgs(int Across, int Channels, int Height, int Width, int Size, int Half, float Norm, float Beta, float K);

/// <summary>Kernel bodies of local response normalization (as the CPU backend), one thread per element.</summary>
internal static class LrnKernels
{
    public static void Forward(Index1D thread, int count, int stride, LrnArgs p, ArrayView<float> x, ArrayView<float> scale, ArrayView<float> y)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int plane = p.Height * p.Width;
            int at = k.X % plane, nc = k.X / plane, c = nc % p.Channels, n = nc / p.Channels;
            float sum = 0f;
            if (p.Across != 0)
            {
                int from = c - p.Half < 0 ? 0 : c - p.Half;
                int to = c + p.Size - p.Half - 1 < p.Channels - 1 ? c + p.Size - p.Half - 1 : p.Channels - 1;
                for (int j = from; j <= to; j++)
                {
                    float v = x[(n * p.Channels + j) * plane + at];
                    sum += v * v;
                }
            }
            else
            {
                int h = at / p.Width, w = at - h * p.Width;
                int h0 = h - p.Half < 0 ? 0 : h - p.Half, h1 = h - p.Half + p.Size - 1 < p.Height - 1 ? h - p.Half + p.Size - 1 : p.Height - 1;
                int w0 = w - p.Half < 0 ? 0 : w - p.Half, w1 = w - p.Half + p.Size - 1 < p.Width - 1 ? w - p.Half + p.Size - 1 : p.Width - 1;
                for (int i = h0; i <= h1; i++)
                {
                    for (int j = w0; j <= w1; j++)
                    {
                        float v = x[nc * plane + i * p.Width + j];
                        sum += v * v;
                    }
                }
            }
            float s = p.K + p.Norm * sum;
            scale[k] = s;
            y[k] = x[k] * MathF.Pow(s, -p.Beta);
        }
    }

    public static void Backward(Index1D thread, int count, int stride, LrnArgs p, ArrayView<float> x, ArrayView<float> scale, ArrayView<float> y, ArrayView<float> dy,
        ArrayView<float> dx)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int plane = p.Height * p.Width;
            int at = k.X % plane, nc = k.X / plane, c = nc % p.Channels, n = nc / p.Channels;
            // The centres whose window holds this element are the window around it mirrored.
            float acc = 0f;
            if (p.Across != 0)
            {
                int from = c - (p.Size - p.Half - 1) < 0 ? 0 : c - (p.Size - p.Half - 1);
                int to = c + p.Half < p.Channels - 1 ? c + p.Half : p.Channels - 1;
                for (int j = from; j <= to; j++)
                {
                    int q = (n * p.Channels + j) * plane + at;
                    acc += dy[q] * y[q] / scale[q];
                }
            }
            else
            {
                int h = at / p.Width, w = at - h * p.Width;
                int h0 = h - (p.Size - p.Half - 1) < 0 ? 0 : h - (p.Size - p.Half - 1), h1 = h + p.Half < p.Height - 1 ? h + p.Half : p.Height - 1;
                int w0 = w - (p.Size - p.Half - 1) < 0 ? 0 : w - (p.Size - p.Half - 1), w1 = w + p.Half < p.Width - 1 ? w + p.Half : p.Width - 1;
                for (int i = h0; i <= h1; i++)
                {
                    for (int j = w0; j <= w1; j++)
                    {
                        int q = nc * plane + i * p.Width + j;
                        acc += dy[q] * y[q] / scale[q];
                    }
                }
            }
            dx[k] = dy[k] * MathF.Pow(scale[k], -p.Beta) - 2f * p.Beta * p.Norm * x[k] * acc;
        }
    }
}
