using ILGPU;
using ILGPU.Runtime;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>The solvers' update rules.</summary>
internal sealed partial class IlgpuBackend
{
    public void SgdUpdate(int n, float lr, float momentum, DeviceBuffer diff, DeviceBuffer history)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("sgd", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, float, float, ArrayView<float>, ArrayView<float>>(SolverKernels.Sgd))(
                Extent(n), n, Extent(n), lr, momentum, V(diff), V(history));
        }
    }

    public void NesterovUpdate(int n, float lr, float momentum, DeviceBuffer diff, DeviceBuffer history)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("nesterov", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, float, float, ArrayView<float>, ArrayView<float>>(SolverKernels.Nesterov))(
                Extent(n), n, Extent(n), lr, momentum, V(diff), V(history));
        }
    }

    public void AdaGradUpdate(int n, float lr, float delta, DeviceBuffer diff, DeviceBuffer history)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("adagrad", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, float, float, ArrayView<float>, ArrayView<float>>(SolverKernels.AdaGrad))(
                Extent(n), n, Extent(n), lr, delta, V(diff), V(history));
        }
    }

    public void RmsPropUpdate(int n, float lr, float rmsDecay, float delta, DeviceBuffer diff, DeviceBuffer history)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("rmsprop", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, float, float, float, ArrayView<float>, ArrayView<float>>(SolverKernels.RmsProp))(
                Extent(n), n, Extent(n), lr, rmsDecay, delta, V(diff), V(history));
        }
    }

    public void AdaDeltaUpdate(int n, float lr, float momentum, float delta, DeviceBuffer diff, DeviceBuffer history,
        DeviceBuffer updateHistory)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("adadelta", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, float, float, float, ArrayView<float>, ArrayView<float>, ArrayView<float>>(SolverKernels.AdaDelta))(
                Extent(n), n, Extent(n), lr, momentum, delta, V(diff), V(history), V(updateHistory));
        }
    }

    public void AdamUpdate(int n, float lr, float beta1, float beta2, float epsilon, float correction, DeviceBuffer diff,
        DeviceBuffer m, DeviceBuffer v)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("adam", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, AdamArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>>(SolverKernels.Adam))(
                Extent(n), n, Extent(n), new AdamArgs(lr, beta1, beta2, epsilon, correction), V(diff), V(m), V(v));
        }
    }
}
