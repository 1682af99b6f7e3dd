namespace ActorNet.Gpu.Backends;

/// <summary>
/// Memory owned by a compute backend (host arrays for the CPU, device allocations for CUDA). Layers and
/// solvers only pass buffers and offsets to kernels, never raw arrays, so a backend can keep data
/// wherever its kernels run.
/// </summary>
internal abstract class DeviceBuffer
{
    /// <summary>Number of float elements the buffer holds.</summary>
    public abstract int Length { get; }

    /// <summary>The backend whose kernels can read and write this buffer.</summary>
    public abstract IComputeBackend Backend { get; }
}
