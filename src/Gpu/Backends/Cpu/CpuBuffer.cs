namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>A pinned host array, so kernels can take raw pointers without fixed blocks.</summary>
internal sealed unsafe class CpuBuffer : DeviceBuffer
{
    private readonly float[] array;
    private readonly CpuBackend backend;

    public CpuBuffer(CpuBackend backend, int length)
    {
        this.backend = backend;
        array = GC.AllocateArray<float>(length, pinned: true);
    }

    public override int Length => array.Length;

    public override IComputeBackend Backend => backend;

    /// <summary>The pinned storage.</summary>
    public float[] Array => array;

    /// <summary>Pointer to element <paramref name="offset"/>.</summary>
    public float* Pointer(int offset) =>
        (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref array[0]) + offset;
}
