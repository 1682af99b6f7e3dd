namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>
/// Per-thread scratch arrays for the CPU kernels: pinned (raw pointers into them stay valid), reused across calls and
/// grown only when too small, and handed out from a 64-byte boundary so every zmm load of them reads one cache line.
/// </summary>
internal static unsafe class PinnedScratch
{
    /// <summary>At least <paramref name="length"/> floats of <paramref name="buffer"/> (allocated or grown as needed), contents undefined.</summary>
    public static float* Get(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length + 16)
        {
            buffer = GC.AllocateUninitializedArray<float>(length + 16, pinned: true);
        }
        nint start = (nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref buffer[0]);
        return (float*)((start + 63) & ~(nint)63);
    }
}
