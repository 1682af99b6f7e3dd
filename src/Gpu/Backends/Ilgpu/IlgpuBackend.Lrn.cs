using ILGPU;
using ILGPU.Runtime;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>Local response normalization, across channels or within a channel.</summary>
internal sealed partial class IlgpuBackend
{
    public void LrnForward(bool acrossChannels, int num, int channels, int height, int width, int size, float alpha,
        float beta, float k, DeviceBuffer x, DeviceBuffer scale, DeviceBuffer y)
    {
        int n = num * channels * height * width;
        if (n <= 0) return;
        var args = Args(acrossChannels, channels, height, width, size, alpha, beta, k);
        lock (Enter())
        {
            Kernel("lrn", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, LrnArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>>(LrnKernels.Forward))(
                Extent(n), n, Extent(n), args, V(x), V(scale), V(y));
        }
    }

    public void LrnBackward(bool acrossChannels, int num, int channels, int height, int width, int size, float alpha,
        float beta, DeviceBuffer x, DeviceBuffer scale, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx)
    {
        int n = num * channels * height * width;
        if (n <= 0) return;
        var args = Args(acrossChannels, channels, height, width, size, alpha, beta, 0f);
        lock (Enter())
        {
            Kernel("lrn-back", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, LrnArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(LrnKernels.Backward))(
                Extent(n), n, Extent(n), args, V(x), V(scale), V(y), V(dy), V(dx));
        }
    }

    private static LrnArgs Args(bool across, int channels, int height, int width, int size, float alpha, float beta, float k) =>
        new(across ? 1 : 0, channels, height, width, size, (size - 1) / 2, across ? alpha / size : alpha / (size * size), beta, k);
}
