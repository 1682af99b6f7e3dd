using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>
/// Every kernel of <see cref="IComputeBackend"/> as ILGPU kernels on one accelerator (a CUDA GPU, or ILGPU's CPU
/// accelerator in tests), checked against the CPU backend's semantics. Blobs stay in accelerator memory between
/// layers; only Upload/Download and the reductions' few partial sums cross to the host. Kernels are compiled
/// on first use and kept. Calls are serialized by one lock: the scratch buffers and the accelerator's stream
/// are shared by every net on the device. This file holds the buffers and the BLAS-like kernels; the partial
/// files hold the other families, and the kernel bodies live in the *Kernels classes.
/// </summary>
internal sealed partial class IlgpuBackend : IComputeBackend
{
    private readonly Accelerator accelerator;
    // Serializes kernel launches and scratch use across the nets and threads that share this device.
    private readonly object gate = new();
    private readonly Dictionary<string, object> kernels = new();
    // cuBLAS on CUDA; null on other accelerators, which use the tiled GEMM kernel.
    private readonly CuBlas? cublas;
    // Threads an elementwise launch starts at most; each walks the elements with a grid-sized stride.
    private readonly int maxThreads;

    public IlgpuBackend(Accelerator accelerator, string name, CuBlas? cublas)
    {
        this.accelerator = accelerator;
        this.cublas = cublas;
        Name = name;
        // As many threads as the accelerator keeps resident (a GPU's SMs x their thread slots), and at least a few groups:
        // on ILGPU's CPU accelerator every group costs a thread handoff, so few threads striding over many elements
        // run the same kernels hundreds of times faster than one thread per element.
        maxThreads = Math.Max(64, accelerator.NumMultiprocessors * accelerator.MaxNumThreadsPerMultiprocessor);
        if (cublas is not null)
        {
            cublas.Stream = (CudaStream)accelerator.DefaultStream;
        }
    }

    public string Name { get; }

    /// <summary>The accelerator the kernels run on.</summary>
    internal Accelerator Accelerator => accelerator;

    public DeviceBuffer Allocate(int length)
    {
        lock (Enter())
        {
            var memory = accelerator.Allocate1D<float>(Math.Max(1, length));
            memory.MemSetToZero();
            return new IlgpuBuffer(this, memory, length);
        }
    }

    public void Upload(ReadOnlySpan<float> source, DeviceBuffer destination, int offset)
    {
        if (source.IsEmpty)
        {
            return;
        }
        lock (Enter())
        {
            View(destination, offset, source.Length).CopyFromCPU(ref MemoryMarshal.GetReference(source), source.Length);
        }
    }

    public void Download(DeviceBuffer source, int offset, Span<float> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }
        lock (Enter())
        {
            View(source, offset, destination.Length).CopyToCPU(ref MemoryMarshal.GetReference(destination), destination.Length);
        }
    }

    public void Synchronize()
    {
        lock (Enter())
        {
            accelerator.Synchronize();
        }
    }

    internal static IlgpuBuffer Buf(DeviceBuffer buffer) => buffer as IlgpuBuffer
        ?? throw new ArgumentException($"A {buffer.Backend.Name} buffer was passed to the {nameof(IlgpuBackend)}; blobs of one net live on one device.");

    /// <summary>The whole buffer as a kernel argument (kernels take offsets).</summary>
    private static ArrayView<float> V(DeviceBuffer buffer) => Buf(buffer).View;

    private static ArrayView<float> View(DeviceBuffer buffer, int offset, int length) => Buf(buffer).View.SubView(offset, length);

    /// <summary>Threads to launch for <paramref name="count"/> elements (each kernel loops with this stride).</summary>
    private int Extent(int count) => Math.Min(count, maxThreads);

    /// <summary>Binds the accelerator to the calling thread (CUDA contexts are per thread) and returns the lock.</summary>
    private object Enter()
    {
        accelerator.Bind();
        return gate;
    }

    /// <summary>The kernel compiled from <paramref name="load"/> once per backend under <paramref name="key"/>.</summary>
    private T Kernel<T>(string key, Func<Accelerator, T> load)
        where T : class
    {
        if (!kernels.TryGetValue(key, out var kernel))
        {
            kernel = load(accelerator);
            kernels[key] = kernel;
        }
        return (T)kernel;
    }

    private Action<Index1D, int, int, ArrayView<float>, int, float> SetKernel => Kernel("set", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, ArrayView<float>, int, float>(ElementwiseKernels.Set));

    public void Set(int n, float value, DeviceBuffer x, int offset)
    {
        if (n <= 0) return;
        lock (Enter()) SetKernel(Extent(n), n, Extent(n), V(x), offset, value);
    }

    public void Copy(int n, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset)
    {
        if (n <= 0 || (ReferenceEquals(x, y) && xOffset == yOffset)) return;
        lock (Enter())
        {
            Kernel("copy", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, ArrayView<float>, int, ArrayView<float>, int>(ElementwiseKernels.Copy))(
                Extent(n), n, Extent(n), V(x), xOffset, V(y), yOffset);
        }
    }

    public void Axpy(int n, float alpha, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset) =>
        Axpby(n, alpha, x, xOffset, 1f, y, yOffset);

    public void Axpby(int n, float alpha, DeviceBuffer x, int xOffset, float beta, DeviceBuffer y, int yOffset)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("axpby", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, float, ArrayView<float>, int, float, ArrayView<float>, int>(ElementwiseKernels.Axpby))(
                Extent(n), n, Extent(n), alpha, V(x), xOffset, beta, V(y), yOffset);
        }
    }

    public void Scale(int n, float alpha, DeviceBuffer x, int offset)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("scale", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, float, ArrayView<float>, int>(ElementwiseKernels.Scale))(Extent(n), n, Extent(n), alpha, V(x), offset);
        }
    }

    public void Mul(int n, DeviceBuffer a, int aOffset, DeviceBuffer b, int bOffset, DeviceBuffer y, int yOffset)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("mul", acc => acc.LoadAutoGroupedStreamKernel<Index1D, int, int, ArrayView<float>, int, ArrayView<float>, int, ArrayView<float>, int>(ElementwiseKernels.Mul))(
                Extent(n), n, Extent(n), V(a), aOffset, V(b), bOffset, V(y), yOffset);
        }
    }

    public void AddSign(int n, float alpha, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("addsign", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, float, ArrayView<float>, int, ArrayView<float>, int>(ElementwiseKernels.AddSign))(
                Extent(n), n, Extent(n), alpha, V(x), xOffset, V(y), yOffset);
        }
    }

    public void AddPow(int n, float add, float power, DeviceBuffer v, int offset)
    {
        if (n <= 0) return;
        lock (Enter())
        {
            Kernel("addpow", a => a.LoadAutoGroupedStreamKernel<Index1D, int, int, float, float, ArrayView<float>, int>(ElementwiseKernels.AddPow))(
                Extent(n), n, Extent(n), add, power, V(v), offset);
        }
    }

    /// <summary>
    /// Draws the mask on the host with the layer's <see cref="Random"/> and uploads it, so that a net draws the very
    /// dropout masks on every device for a given seed (the CPU backend draws the same sequence).
    /// </summary>
    public void Bernoulli(int n, float keep, Random random, DeviceBuffer mask, int offset)
    {
        if (n <= 0) return;
        var host = new float[n];
        for (int i = 0; i < n; i++)
        {
            host[i] = random.NextSingle() < keep ? 1f : 0f;
        }
        Upload(host, mask, offset);
    }
}
