namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>
/// Local response normalization. Across channels: scale = k + alpha/size * sum of x^2 over `size`
/// neighbouring channels. Within a channel: Caffe builds it from Power/Pooling layers, which amounts to
/// scale = 1 + alpha/size^2 * sum over a size x size zero-padded window (the caller passes k = 1).
/// </summary>
internal sealed unsafe partial class CpuBackend
{
    public void LrnForward(bool acrossChannels, int num, int channels, int height, int width, int size, float alpha,
        float beta, float k, DeviceBuffer x, DeviceBuffer scale, DeviceBuffer y)
    {
        float* px = Ptr(x, 0), ps = Ptr(scale, 0), py = Ptr(y, 0);
        int plane = height * width;
        int half = (size - 1) / 2;
        float norm = acrossChannels ? alpha / size : alpha / (size * size);
        ForRange(num * channels, (long)num * channels * plane * size, nc =>
        {
            int n = nc / channels, c = nc % channels;
            float* s = ps + (long)nc * plane;
            if (acrossChannels)
            {
                new Span<float>(s, plane).Clear();
                for (int j = Math.Max(0, c - half); j <= Math.Min(channels - 1, c + size - half - 1); j++)
                {
                    float* xj = px + ((long)n * channels + j) * plane;
                    for (int i = 0; i < plane; i++)
                    {
                        s[i] += xj[i] * xj[i];
                    }
                }
            }
            else
            {
                WindowSumOfSquares(px + (long)nc * plane, s, height, width, size, half);
            }
            float* xc = px + (long)nc * plane;
            float* yc = py + (long)nc * plane;
            for (int i = 0; i < plane; i++)
            {
                s[i] = k + norm * s[i];
                yc[i] = xc[i] * MathF.Pow(s[i], -beta);
            }
        });
    }

    private static void WindowSumOfSquares(float* x, float* sum, int height, int width, int size, int half)
    {
        for (int h = 0; h < height; h++)
        {
            for (int w = 0; w < width; w++)
            {
                float acc = 0f;
                for (int i = Math.Max(0, h - half); i <= Math.Min(height - 1, h - half + size - 1); i++)
                {
                    for (int j = Math.Max(0, w - half); j <= Math.Min(width - 1, w - half + size - 1); j++)
                    {
                        float v = x[i * width + j];
                        acc += v * v;
                    }
                }
                sum[h * width + w] = acc;
            }
        }
    }

    public void LrnBackward(bool acrossChannels, int num, int channels, int height, int width, int size, float alpha,
        float beta, DeviceBuffer x, DeviceBuffer scale, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx)
    {
        float* px = Ptr(x, 0), ps = Ptr(scale, 0), py = Ptr(y, 0), pdy = Ptr(dy, 0), pdx = Ptr(dx, 0);
        int plane = height * width;
        int half = (size - 1) / 2;
        float norm = acrossChannels ? alpha / size : alpha / (size * size);
        float factor = 2f * beta * norm;
        ForRange(num * channels, (long)num * channels * plane * size, nc =>
        {
            int n = nc / channels, c = nc % channels;
            long at = (long)nc * plane;
            float* o = pdx + at;
            // o = sum over windows containing this element of dy*y/scale; windows are symmetric,
            // so the set of centres whose window holds (c, i) is the window around (c, i) mirrored.
            new Span<float>(o, plane).Clear();
            if (acrossChannels)
            {
                for (int j = Math.Max(0, c - (size - half - 1)); j <= Math.Min(channels - 1, c + half); j++)
                {
                    long aj = ((long)n * channels + j) * plane;
                    for (int i = 0; i < plane; i++)
                    {
                        o[i] += pdy[aj + i] * py[aj + i] / ps[aj + i];
                    }
                }
            }
            else
            {
                for (int h = 0; h < height; h++)
                {
                    for (int w = 0; w < width; w++)
                    {
                        float acc = 0f;
                        for (int i = Math.Max(0, h - (size - half - 1)); i <= Math.Min(height - 1, h + half); i++)
                        {
                            for (int j = Math.Max(0, w - (size - half - 1)); j <= Math.Min(width - 1, w + half); j++)
                            {
                                long q = at + i * width + j;
                                acc += pdy[q] * py[q] / ps[q];
                            }
                        }
                        o[h * width + w] = acc;
                    }
                }
            }
            for (int i = 0; i < plane; i++)
            {
                o[i] = pdy[at + i] * MathF.Pow(ps[at + i], -beta) - factor * px[at + i] * o[i];
            }
        });
    }
}
