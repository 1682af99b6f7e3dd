namespace ActorNet.Gpu.Tests.Devices;

/// <summary>A test that needs an NVIDIA GPU; skipped, with the reason, on machines without one.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!ComputeDevice.Available().Any(d => d.Kind == ComputeDeviceKind.Cuda))
        {
            Skip = "No CUDA device on this machine (needs an NVIDIA GPU, its driver and libcublas); run on a GPU machine.";
        }
    }
}

/// <summary>A test of what happens without an NVIDIA GPU; skipped on machines that have one.</summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        if (ComputeDevice.Available().Any(d => d.Kind == ComputeDeviceKind.Cuda))
        {
            Skip = "This machine has a CUDA device; the test checks the error on machines without one.";
        }
    }
}
