using ILGPU;
using ILGPU.Runtime;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>MAX and AVE pooling.</summary>
internal sealed partial class IlgpuBackend
{
    public void PoolForward(in PoolGeometry g, PoolMethod method, int planes, DeviceBuffer input, DeviceBuffer output,
        DeviceBuffer? mask)
    {
        var shape = PoolShape.Of(g);
        int n = planes * shape.OutH * shape.OutW;
        if (n <= 0) return;
        lock (Enter())
        {
            if (method == PoolMethod.Max)
            {
                Kernel("maxpool", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, PoolShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(PoolingKernels.MaxForward))(
                    Extent(n), n, Extent(n), shape, V(input), V(output), V(mask ?? output), mask is null ? 0 : 1);
            }
            else
            {
                Kernel("avepool", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, PoolShape, ArrayView<float>, ArrayView<float>>(PoolingKernels.AveForward))(
                    Extent(n), n, Extent(n), shape, V(input), V(output));
            }
        }
    }

    public void PoolBackward(in PoolGeometry g, PoolMethod method, int planes, DeviceBuffer outputDiff,
        DeviceBuffer? mask, DeviceBuffer inputDiff)
    {
        if (method == PoolMethod.Max && mask is null)
        {
            throw new ArgumentException("MAX pooling backward needs the argmax mask of the forward pass.", nameof(mask));
        }
        var shape = PoolShape.Of(g);
        int n = planes * shape.Height * shape.Width;
        if (n <= 0) return;
        lock (Enter())
        {
            if (method == PoolMethod.Max)
            {
                Kernel("maxpool-back", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, PoolShape, ArrayView<float>, ArrayView<float>, ArrayView<float>>(PoolingKernels.MaxBackward))(
                    Extent(n), n, Extent(n), shape, V(outputDiff), V(mask!), V(inputDiff));
            }
            else
            {
                Kernel("avepool-back", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, PoolShape, ArrayView<float>, ArrayView<float>>(PoolingKernels.AveBackward))(
                    Extent(n), n, Extent(n), shape, V(outputDiff), V(inputDiff));
            }
        }
    }
}
