using ILGPU;
using ILGPU.Runtime;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>Floats in an accelerator's memory (GPU memory on CUDA, host memory on ILGPU's CPU accelerator).</summary>
internal sealed class IlgpuBuffer : DeviceBuffer
{
    private readonly IlgpuBackend backend;
    private readonly int length;

    public IlgpuBuffer(IlgpuBackend backend, MemoryBuffer1D<float, Stride1D.Dense> memory, int length)
    {
        this.backend = backend;
        Memory = memory;
        this.length = length;
    }

    /// <summary>The accelerator allocation (at least one float, so that an empty blob still has a view).</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> Memory { get; }

    /// <summary>The whole allocation as a kernel argument.</summary>
    public ArrayView<float> View => Memory.View;

    public override int Length => length;

    public override IComputeBackend Backend => backend;
}
