using ILGPU;
using ILGPU.Runtime;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>Elementwise activations and Eltwise MAX.</summary>
internal sealed partial class IlgpuBackend
{
    public void ReluForward(int n, float negativeSlope, DeviceBuffer x, DeviceBuffer y)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("relu", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, float, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.ReluForward))(
                Extent(n), n, Extent(n), negativeSlope, V(x), V(y));
        }
    }

    public void ReluBackward(int n, float negativeSlope, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dx)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("relu-back", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, float, ArrayView<float>, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.ReluBackward))(
                Extent(n), n, Extent(n), negativeSlope, V(x), V(dy), V(dx));
        }
    }

    public void SigmoidForward(int n, DeviceBuffer x, DeviceBuffer y) => Unary("sigmoid", ElementwiseKernels.SigmoidForward, n, x, y);

    public void SigmoidBackward(int n, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx) => Binary("sigmoid-back", ElementwiseKernels.SigmoidBackward, n, y, dy, dx);

    public void TanhForward(int n, DeviceBuffer x, DeviceBuffer y) => Unary("tanh", ElementwiseKernels.TanhForward, n, x, y);

    public void TanhBackward(int n, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx) => Binary("tanh-back", ElementwiseKernels.TanhBackward, n, y, dy, dx);

    public void EltwiseMax(int n, int index, DeviceBuffer x, DeviceBuffer y, DeviceBuffer mask)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            if (index == 0)
            {
                Kernel("emax-first", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.EltwiseMaxFirst))(
                    Extent(n), n, Extent(n), V(x), V(y), V(mask));
                return;
            }
            Kernel("emax", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.EltwiseMax))(
                Extent(n), n, Extent(n), index, V(x), V(y), V(mask));
        }
    }

    public void EltwiseMaxBackward(int n, int index, DeviceBuffer dy, DeviceBuffer mask, DeviceBuffer dx)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("emax-back", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.EltwiseMaxBackward))(
                Extent(n), n, Extent(n), index, V(dy), V(mask), V(dx));
        }
    }

    private void Unary(string key, Action<Index1D, int, int, ArrayView<float>, ArrayView<float>> body, int n, DeviceBuffer x, DeviceBuffer y)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel(key, a => a.LoadAutoGroupedStreamKernel(body))(Extent(n), n, Extent(n), V(x), V(y));
        }
    }

    private void Binary(string key, Action<Index1D, int, int, ArrayView<float>, ArrayView<float>, ArrayView<float>> body, int n, DeviceBuffer a0,
        DeviceBuffer a1, DeviceBuffer y)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel(key, a => a.LoadAutoGroupedStreamKernel(body))(Extent(n), n, Extent(n), V(a0), V(a1), V(y));
        }
    }
}
