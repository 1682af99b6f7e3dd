using ILGPU;
using ILGPU.Runtime;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>
/// Convolution as im2col + GEMM (Caffe's BaseConvolutionLayer), a chunk of images at a time: the chunk's column
/// matrices sit side by side, so one GEMM per group covers the chunk instead of one small GEMM per image.
/// </summary>
internal sealed partial class IlgpuBackend
{
    // Images per chunk are chosen so that one chunk's column matrix holds about this many floats (32 MiB).
    private const int ChunkFloats = 1 << 23;

    // Scratch shared by the convolutions on this device (calls are serialized): the column matrix and the GEMM output.
    private DeviceBuffer? colScratch;
    private DeviceBuffer? outScratch;

    public void Im2Col(in ConvGeometry g, DeviceBuffer image, int imageOffset, DeviceBuffer col, int colOffset)
    {
        var shape = ConvShape.Of(g);
        lock (Enter()) Im2ColChunk(shape, 1, image, imageOffset, col, colOffset, g.OutSpatial);
    }

    public void Col2Im(in ConvGeometry g, DeviceBuffer col, int colOffset, DeviceBuffer image, int imageOffset)
    {
        var shape = ConvShape.Of(g);
        lock (Enter()) Col2ImChunk(shape, 1, col, colOffset, g.OutSpatial, image, imageOffset);
    }

    public void ConvolutionForward(in ConvGeometry g, int num, DeviceBuffer input, DeviceBuffer weights,
        DeviceBuffer? bias, DeviceBuffer output)
    {
        var shape = ConvShape.Of(g);
        int n = g.OutSpatial, kG = g.KernelDim, mG = g.OutChannels / g.Group, rows = kG * g.Group;
        int inSize = g.Channels * g.Height * g.Width, outSize = g.OutChannels * n;
        int chunk = ChunkSize(g, num);
        lock (Enter())
        {
            var col = Scratch(ref colScratch, rows * chunk * n);
            var yb = Scratch(ref outScratch, g.OutChannels * chunk * n);
            for (int n0 = 0; n0 < num; n0 += chunk)
            {
                int count = Math.Min(chunk, num - n0), ld = count * n;
                Im2ColChunk(shape, count, input, n0 * inSize, col, 0, ld);
                for (int grp = 0; grp < g.Group; grp++)
                {
                    GemmCore(false, false, mG, ld, kG, 1f, weights, grp * mG * kG, col, grp * kG * ld, 0f, yb, grp * mG * ld);
                }
                Kernel("conv-scatter", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, int, int, int, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, int>(ConvolutionKernels.Scatter))(
                    Extent(count * outSize), count * outSize, Extent(count * outSize), n, g.OutChannels, ld, V(yb), V(output), n0 * outSize, V(bias ?? yb), bias is null ? 0 : 1);
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
        var shape = ConvShape.Of(g);
        int n = g.OutSpatial, kG = g.KernelDim, mG = g.OutChannels / g.Group, rows = kG * g.Group;
        int inSize = g.Channels * g.Height * g.Width, outSize = g.OutChannels * n;
        int chunk = ChunkSize(g, num);
        lock (Enter())
        {
            var col = Scratch(ref colScratch, rows * chunk * n);
            var dyb = Scratch(ref outScratch, g.OutChannels * chunk * n);
            for (int n0 = 0; n0 < num; n0 += chunk)
            {
                int count = Math.Min(chunk, num - n0), ld = count * n;
                Kernel("conv-gather", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, int, int, int, ArrayView<float>, int, ArrayView<float>>(ConvolutionKernels.Gather))(
                    Extent(count * outSize), count * outSize, Extent(count * outSize), n, g.OutChannels, ld, V(outputDiff), n0 * outSize, V(dyb));
                if (weightDiff is not null)
                {
                    Im2ColChunk(shape, count, input, n0 * inSize, col, 0, ld);
                    for (int grp = 0; grp < g.Group; grp++)
                    {
                        GemmCore(false, true, mG, kG, ld, 1f, dyb, grp * mG * ld, col, grp * kG * ld, 1f, weightDiff, grp * mG * kG);
                    }
                }
                if (inputDiff is not null)
                {
                    for (int grp = 0; grp < g.Group; grp++)
                    {
                        GemmCore(true, false, kG, ld, mG, 1f, weights, grp * mG * kG, dyb, grp * mG * ld, 0f, col, grp * kG * ld);
                    }
                    Col2ImChunk(shape, count, col, 0, ld, inputDiff, n0 * inSize);
                }
            }
        }
    }

    private static int ChunkSize(in ConvGeometry g, int num) =>
        Math.Clamp(ChunkFloats / Math.Max(1, g.KernelDim * g.Group * g.OutSpatial), 1, Math.Max(1, num));

    private DeviceBuffer Scratch(ref DeviceBuffer? slot, int length)
    {
        if (slot is null || slot.Length < length)
        {
            (slot as IlgpuBuffer)?.Memory.Dispose();
            slot = Allocate(length);
        }
        return slot;
    }

    private void Im2ColChunk(ConvShape shape, int count, DeviceBuffer x, int xOffset, DeviceBuffer col, int colOffset, int ld)
    {
        int rows = shape.Channels * shape.KernelH * shape.KernelW;
        if (rows * ld <= 0) return;
        Kernel("im2col", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, ConvShape, int, ArrayView<float>, int, ArrayView<float>, int>(ConvolutionKernels.Im2Col))(
            Extent(rows * ld), rows * ld, Extent(rows * ld), shape, ld, V(x), xOffset, V(col), colOffset);
    }

    private void Col2ImChunk(ConvShape shape, int count, DeviceBuffer col, int colOffset, int ld, DeviceBuffer x, int xOffset)
    {
        int total = count * shape.Channels * shape.Height * shape.Width;
        if (total <= 0) return;
        Kernel("col2im", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, ConvShape, int, ArrayView<float>, int, ArrayView<float>, int>(ConvolutionKernels.Col2Im))(
            Extent(total), total, Extent(total), shape, ld, V(col), colOffset, V(x), xOffset);
    }
}
