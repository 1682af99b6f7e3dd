using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace ActorNet.Gpu.Backends.Ilgpu;

/// <summary>
/// The process's ILGPU contexts and backends, one per device. A GPU context is a process-wide resource (the
/// driver keeps one per device and process) and compiling the kernels costs seconds, so every net on a device
/// shares one backend, created on first use and kept for the life of the process.
/// </summary>
internal static class IlgpuDevices
{
    private static readonly string[] CudaDriverNames = OperatingSystem.IsWindows() ? ["nvcuda.dll"] : ["libcuda.so.1", "libcuda.so"];
    private static readonly string[] CuBlasNames = OperatingSystem.IsWindows()
        ? ["cublas64_12.dll", "cublas64_11.dll", "cublas64_10.dll"]
        : ["libcublas.so.12", "libcublas.so.11", "libcublas.so.10", "libcublas.so"];

    private static readonly Lock Gate = new();
    private static readonly Lazy<IlgpuBackend> Cpu = new(CreateCpu);
    private static readonly Dictionary<int, IlgpuBackend> CudaBackends = new();
    private static Context? cudaContext;
    private static int? cudaCount;

    /// <summary>The backend on ILGPU's CPU accelerator.</summary>
    public static IlgpuBackend CpuAccelerator() => Cpu.Value;

    /// <summary>Number of CUDA GPUs the driver reports (0 without a driver).</summary>
    public static int CudaDeviceCount()
    {
        lock (Gate)
        {
            if (cudaCount is null)
            {
                try
                {
                    cudaCount = OpenCudaContext()?.GetCudaDevices().Count ?? 0;
                }
                catch (ComputeDeviceUnavailableException)
                {
                    cudaCount = 0;
                }
            }
            return cudaCount.Value;
        }
    }

    /// <summary>The backend on CUDA device <paramref name="index"/>, failing with what this machine lacks.</summary>
    public static IlgpuBackend CudaAccelerator(ComputeDevice device, int index)
    {
        lock (Gate)
        {
            if (CudaBackends.TryGetValue(index, out var existing))
            {
                return existing;
            }
            var context = OpenCudaContext() ?? throw NoDriver(device);
            var devices = context.GetCudaDevices();
            if (devices.Count == 0)
            {
                throw NoCuda(device);
            }
            if (index >= devices.Count)
            {
                throw new ComputeDeviceUnavailableException(
                    $"Device {device}: this machine has {devices.Count} CUDA GPU(s), numbered 0 to {devices.Count - 1}.");
            }
            string? cublas = CuBlasNames.FirstOrDefault(CanLoad);
            if (cublas is null)
            {
                throw new ComputeDeviceUnavailableException(
                    $"Device {device}: libcublas (libcublas.so.12, .11 or .10) was not found; install cuBLAS (the CUDA toolkit, " +
                    "or pip's nvidia-cublas-cu12) and put its lib folder on LD_LIBRARY_PATH.");
            }
            var accelerator = context.CreateCudaAccelerator(index);
            var backend = new IlgpuBackend(accelerator, $"cuda:{index}", new CuBlas(accelerator));
            CudaBackends[index] = backend;
            return backend;
        }
    }

    /// <summary>The error for CUDA asked for on a machine that has no GPU (or no driver).</summary>
    public static ComputeDeviceUnavailableException NoCuda(ComputeDevice device) => CudaDriverNames.Any(CanLoad)
        ? new ComputeDeviceUnavailableException($"Device {device}: the NVIDIA driver is installed but reports no CUDA GPU on this machine.")
        : NoDriver(device);

    private static ComputeDeviceUnavailableException NoDriver(ComputeDevice device, Exception? inner = null) => new(
        $"Device {device}: no NVIDIA driver on this machine ({string.Join(" / ", CudaDriverNames)} not found); a CUDA device " +
        "needs an NVIDIA GPU and its driver. Available here: cpu, ilgpu-cpu.", inner);

    private static Context? OpenCudaContext()
    {
        if (cudaContext is not null)
        {
            return cudaContext;
        }
        if (!CudaDriverNames.Any(CanLoad))
        {
            return null;
        }
        try
        {
            cudaContext = Context.Create(builder => builder.Cuda().EnableAlgorithms());
        }
        catch (NotSupportedException e)
        {
            // ILGPU's "Not supported target accelerator": the driver is missing or too old for ILGPU.
            throw NoDriver(ComputeDevice.Cuda, e);
        }
        return cudaContext;
    }

    private static IlgpuBackend CreateCpu()
    {
        // 2 warps of 2 threads, one group at a time: ILGPU's default CPU device runs 16 OS threads per group, and on a
        // small machine every barrier then waits for 16 threads to be scheduled; 4 threads keep the kernels' group
        // cooperation (shared memory, barriers) under test at a fraction of the cost.
        var device = new CPUDevice(numThreadsPerWarp: 2, numWarpsPerMultiprocessor: 2, numMultiprocessors: 1);
        var context = Context.Create(builder => builder.CPU(device).EnableAlgorithms());
        var accelerator = context.GetCPUDevice(0).CreateAccelerator(context);
        return new IlgpuBackend(accelerator, "ilgpu-cpu", null);
    }

    private static bool CanLoad(string name)
    {
        if (!NativeLibrary.TryLoad(name, out var handle))
        {
            return false;
        }
        NativeLibrary.Free(handle);
        return true;
    }
}
