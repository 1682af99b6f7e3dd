using ILGPU;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>A convolution's geometry as plain fields (a kernel argument), from <see cref="ConvGeometry"/>.</summary>
internal readonly record struct ConvShape(
    int Channels, int Height, int Width, int KernelH, int KernelW, int PadH, int PadW,
    int StrideH, int StrideW, int DilationH, int DilationW, int OutH, int OutW)
{
    public static ConvShape Of(in ConvGeometry g) => new(g.Channels, g.Height, g.Width, g.KernelH, g.KernelW, g.PadH, g.PadW,
        g.StrideH, g.StrideW, g.DilationH, g.DilationW, g.OutH, g.OutW);
}

/// <summary>
/// Kernel bodies of Caffe's im2col / col2im over a chunk of images whose column matrices sit side by side
/// (row r of the chunk's matrix holds image i's columns at [i*outSpatial, (i+1)*outSpatial), row stride ld).
/// </summary>
internal static class ConvolutionKernels
{
    /// <summary>One thread per element of the chunk's column matrix (rows = C*kh*kw, ld = count*outSpatial).</summary>
    public static void Im2Col(Index1D thread, int count, int stride, ConvShape g, int ld, ArrayView<float> x, int xOffset, ArrayView<float> col, int colOffset)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int spatial = g.OutH * g.OutW;
            int row = k.X / ld, rest = k.X - row * ld;
            int image = rest / spatial, j = rest - image * spatial;
            int oh = j / g.OutW, ow = j - oh * g.OutW;
            int kj = row % g.KernelW, ki = row / g.KernelW % g.KernelH, c = row / (g.KernelW * g.KernelH);
            int ih = oh * g.StrideH - g.PadH + ki * g.DilationH;
            int iw = ow * g.StrideW - g.PadW + kj * g.DilationW;
            float v = 0f;
            if (ih >= 0 && ih < g.Height && iw >= 0 && iw < g.Width)
            {
                v = x[xOffset + ((image * g.Channels + c) * g.Height + ih) * g.Width + iw];
            }
            col[colOffset + k.X] = v;
        }
    }

    /// <summary>
    /// One thread per image element: the sum of the column entries that im2col copied from it (overwrites the image),
    /// gathered rather than scattered so that no two threads write one element.
    /// </summary>
    public static void Col2Im(Index1D thread, int count, int stride, ConvShape g, int ld, ArrayView<float> col, int colOffset, ArrayView<float> x, int xOffset)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int spatial = g.OutH * g.OutW;
            int w = k.X % g.Width, h = k.X / g.Width % g.Height, c = k.X / (g.Width * g.Height) % g.Channels;
            int image = k.X / (g.Width * g.Height * g.Channels);
            float sum = 0f;
            for (int ki = 0; ki < g.KernelH; ki++)
            {
                int hs = h + g.PadH - ki * g.DilationH;
                if (hs < 0 || hs % g.StrideH != 0 || hs / g.StrideH >= g.OutH)
                {
                    continue;
                }
                int oh = hs / g.StrideH;
                for (int kj = 0; kj < g.KernelW; kj++)
                {
                    int ws = w + g.PadW - kj * g.DilationW;
                    if (ws < 0 || ws % g.StrideW != 0 || ws / g.StrideW >= g.OutW)
                    {
                        continue;
                    }
                    int row = (c * g.KernelH + ki) * g.KernelW + kj;
                    sum += col[colOffset + row * ld + image * spatial + oh * g.OutW + ws / g.StrideW];
                }
            }
            x[xOffset + k.X] = sum;
        }
    }

    /// <summary>y[image, c, j] = chunk[c, image*n + j] + bias[c]; one thread per output element of the chunk.</summary>
    public static void Scatter(Index1D thread, int count, int stride, int n, int outChannels, int ld, ArrayView<float> chunk, ArrayView<float> y, int yOffset,
        ArrayView<float> bias, int hasBias)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int j = k.X % n, c = k.X / n % outChannels, image = k.X / (n * outChannels);
            float v = chunk[c * ld + image * n + j];
            y[yOffset + k.X] = hasBias != 0 ? v + bias[c] : v;
        }
    }

    /// <summary>chunk[c, image*n + j] = dy[image, c, j]; the inverse of <see cref="Scatter"/> without bias.</summary>
    public static void Gather(Index1D thread, int count, int stride, int n, int outChannels, int ld, ArrayView<float> dy, int dyOffset, ArrayView<float> chunk)
    {
        for (int element = thread.X; element < count; element += stride)
        {
            Index1D k = element;
            int j = k.X % n, c = k.X / n % outChannels, image = k.X / (n * outChannels);
            chunk[c * ld + image * n + j] = dy[dyOffset + k.X];
        }
    }
}
