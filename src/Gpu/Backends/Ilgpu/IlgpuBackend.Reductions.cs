using ILGPU;
using ILGPU.Runtime;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>Reductions to host values, and the per-channel kernels (sums, dots, affine maps).</summary>
internal sealed partial class IlgpuBackend
{
    // Threads of a reduction (each sums a strided slice); the host adds their partial sums.
    private const int ReductionParts = 1024;

    private DeviceBuffer? partials;

    public float Dot(int n, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset) => Reduce(ReductionKernels.DotOp, n, x, xOffset, y, yOffset);

    public float Asum(int n, DeviceBuffer x, int offset) => Reduce(ReductionKernels.AsumOp, n, x, offset, x, offset);

    public float SumSquares(int n, DeviceBuffer x, int offset) => Reduce(ReductionKernels.SumSquaresOp, n, x, offset, x, offset);

    private float Reduce(int op, int n, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset)
    {
        if (n <= 0) return 0f;
        int parts = Math.Min(n, Math.Min(ReductionParts, maxThreads));
        var host = new float[parts];
        lock (Enter())
        {
            partials ??= Allocate(ReductionParts);
            Kernel("partial", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, int, ArrayView<float>, int, ArrayView<float>, int, ArrayView<float>>(ReductionKernels.Partial))(
                parts, n, parts, op, V(x), xOffset, V(y), yOffset, V(partials));
            Download(partials, 0, host);
        }
        double sum = 0;
        foreach (float p in host)
        {
            sum += p;
        }
        return (float)sum;
    }

    public void ChannelSum(int outer, int channels, int inner, float alpha, DeviceBuffer x, int xOffset,
        float beta, DeviceBuffer result, int resultOffset) =>
        ChannelReduce(new ChannelArgs(outer, channels, inner, alpha, beta, 0), x, xOffset, x, xOffset, result, resultOffset);

    public void ChannelDot(int outer, int channels, int inner, float alpha, DeviceBuffer x, int xOffset,
        DeviceBuffer y, int yOffset, float beta, DeviceBuffer result, int resultOffset) =>
        ChannelReduce(new ChannelArgs(outer, channels, inner, alpha, beta, 1), x, xOffset, y, yOffset, result, resultOffset);

    private void ChannelReduce(ChannelArgs args, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset, DeviceBuffer result, int resultOffset)
    {
        if (args.Channels <= 0) return;
        lock (Enter())
        {
            Kernel("channel-sum", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, ChannelArgs, ArrayView<float>, int, ArrayView<float>, int, ArrayView<float>, int>(ReductionKernels.ChannelSum))(
                Extent(args.Channels), args.Channels, Extent(args.Channels), args, V(x), xOffset, V(y), yOffset, V(result), resultOffset);
        }
    }

    public void ChannelAffine(int outer, int channels, int inner, DeviceBuffer x, int xOffset,
        DeviceBuffer scale, int scaleOffset, DeviceBuffer? bias, int biasOffset, DeviceBuffer y, int yOffset)
    {
        int n = outer * channels * inner;
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("channel-affine", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, int, int, ArrayView<float>, int, ArrayView<float>, int, ArrayView<float>, int, int, ArrayView<float>, int>(ReductionKernels.ChannelAffine))(
                Extent(n), n, Extent(n), channels, inner, V(x), xOffset, V(scale), scaleOffset, V(bias ?? scale), biasOffset, bias is null ? 0 : 1, V(y), yOffset);
        }
    }

    public void ChannelAdd(int outer, int channels, int inner, float alpha, DeviceBuffer v, int vOffset,
        DeviceBuffer y, int yOffset)
    {
        int n = outer * channels * inner;
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("channel-add", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, int, int, float, ArrayView<float>, int, ArrayView<float>, int>(ReductionKernels.ChannelAdd))(
                Extent(n), n, Extent(n), channels, inner, alpha, V(v), vOffset, V(y), yOffset);
        }
    }
}
