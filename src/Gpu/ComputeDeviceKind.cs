namespace ActorNet.Gpu;

/// <summary>The kinds of device a <see cref="Net"/> can run on.</summary>
public enum ComputeDeviceKind
{
    /// <summary>ActorNet's own CPU kernels (AVX-512/AVX2, threads over images): the default and the fast path without a GPU.</summary>
    Cpu,

    /// <summary>An NVIDIA GPU through ILGPU's CUDA accelerator, GEMM through cuBLAS.</summary>
    Cuda,

    /// <summary>ILGPU's CPU accelerator: the very kernels of the CUDA device run on ordinary threads (for tests, not speed).</summary>
    IlgpuCpu,
}
