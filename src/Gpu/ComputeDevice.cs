using ActorNet.Gpu.Backends;
using ActorNet.Gpu.Backends.Cpu;
using ActorNet.Gpu.Backends.Ilgpu;

namespace ActorNet.Gpu;

/// <summary>
/// Where a <see cref="Net"/> keeps its blobs and runs its kernels: <c>cpu</c> (the default), <c>cuda</c> /
/// <c>cuda:N</c> (an NVIDIA GPU), or <c>ilgpu-cpu</c> (the GPU kernels on ILGPU's CPU accelerator, for tests).
/// Parse one from a user's string with <see cref="Parse"/>; <see cref="Available"/> lists what this machine has.
/// </summary>
public sealed record ComputeDevice
{
    private ComputeDevice(ComputeDeviceKind kind, int? index)
    {
        Kind = kind;
        Index = index;
    }

    /// <summary>The CPU backend, the default device.</summary>
    public static ComputeDevice Cpu { get; } = new(ComputeDeviceKind.Cpu, null);

    /// <summary>The first CUDA GPU, or the worker's own one through <see cref="ForWorker"/>.</summary>
    public static ComputeDevice Cuda { get; } = new(ComputeDeviceKind.Cuda, null);

    /// <summary>ILGPU's CPU accelerator (runs the GPU kernels on threads; slow, for checking the kernels).</summary>
    public static ComputeDevice IlgpuCpu { get; } = new(ComputeDeviceKind.IlgpuCpu, null);

    /// <summary>The kind of device.</summary>
    public ComputeDeviceKind Kind { get; }

    /// <summary>The CUDA device index given as <c>cuda:N</c>; null for <c>cuda</c> (device 0, or per worker) and the other kinds.</summary>
    public int? Index { get; }

    /// <summary>A CUDA device by index (<c>cuda:N</c>).</summary>
    public static ComputeDevice CudaAt(int index) => index >= 0
        ? new(ComputeDeviceKind.Cuda, index)
        : throw new ArgumentOutOfRangeException(nameof(index), index, "A CUDA device index must be 0 or more.");

    /// <summary>Parses <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>ilgpu-cpu</c> (case-insensitive).</summary>
    /// <exception cref="FormatException">Any other text; the message lists the accepted names.</exception>
    public static ComputeDevice Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        switch (t)
        {
            case "cpu":
                return Cpu;
            case "cuda":
                return Cuda;
            case "ilgpu-cpu":
                return IlgpuCpu;
        }
        if (t.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (int.TryParse(t.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
            {
                return CudaAt(index);
            }
            throw new FormatException($"Device '{text}': the CUDA device index must be a number 0 or more, as in cuda:0.");
        }
        throw new FormatException($"Unknown device '{text}'; expected cpu, cuda, cuda:N or ilgpu-cpu.");
    }

    /// <summary>
    /// The devices this machine can run now: always <c>cpu</c> and <c>ilgpu-cpu</c>, then <c>cuda:N</c> for each
    /// NVIDIA GPU the driver reports.
    /// </summary>
    public static IReadOnlyList<ComputeDevice> Available()
    {
        var list = new List<ComputeDevice> { Cpu, IlgpuCpu };
        int gpus = IlgpuDevices.CudaDeviceCount();
        for (int i = 0; i < gpus; i++)
        {
            list.Add(CudaAt(i));
        }
        return list;
    }

    /// <summary>
    /// The device a cluster worker uses: <c>cuda</c> becomes <c>cuda:(workerIndex mod GPU count)</c> so that the
    /// workers of one machine spread over its GPUs; every other device is returned unchanged.
    /// </summary>
    /// <exception cref="ComputeDeviceUnavailableException">CUDA was asked for and this machine has no GPU.</exception>
    public ComputeDevice ForWorker(int workerIndex)
    {
        if (Kind != ComputeDeviceKind.Cuda || Index is not null)
        {
            return this;
        }
        int gpus = IlgpuDevices.CudaDeviceCount();
        if (gpus == 0)
        {
            throw IlgpuDevices.NoCuda(this);
        }
        return CudaAt(Math.Abs(workerIndex % gpus));
    }

    /// <summary>Checks that this machine can run the device, failing with what is missing (the driver, a GPU, libcublas).</summary>
    /// <exception cref="ComputeDeviceUnavailableException">The device cannot run here.</exception>
    public void EnsureAvailable() => _ = Backend();

    /// <summary>The device's name as <see cref="Parse"/> reads it.</summary>
    public override string ToString() => Kind switch
    {
        ComputeDeviceKind.Cpu => "cpu",
        ComputeDeviceKind.IlgpuCpu => "ilgpu-cpu",
        _ => Index is { } i ? $"cuda:{i}" : "cuda",
    };

    /// <summary>The backend whose kernels run on this device (one per device per process, created on first use).</summary>
    internal IComputeBackend Backend() => Kind switch
    {
        ComputeDeviceKind.Cpu => CpuBackend.Default,
        ComputeDeviceKind.IlgpuCpu => IlgpuDevices.CpuAccelerator(),
        _ => IlgpuDevices.CudaAccelerator(this, Index ?? 0),
    };
}
