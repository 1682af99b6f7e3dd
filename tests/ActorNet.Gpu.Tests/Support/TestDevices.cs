using ActorNet.Gpu.Backends;
using ActorNet.Gpu.Backends.Cpu;

namespace ActorNet.Gpu.Tests.Support;

/// <summary>
/// The devices the layer and net tests run on. <c>ilgpu-cpu</c> runs the GPU kernels on ILGPU's CPU accelerator; its
/// backend is one per process (kernels compile once), so every test shares it.
/// </summary>
internal static class TestDevices
{
    public const string Cpu = "cpu";
    public const string IlgpuCpu = "ilgpu-cpu";

    /// <summary>Device names for a [Theory]'s MemberData.</summary>
    public static TheoryData<string> All => new() { Cpu, IlgpuCpu };

    /// <summary>The backend a layer under test runs on (the CPU one with a fixed thread count).</summary>
    public static IComputeBackend Backend(string device, int threads = 2) =>
        device == Cpu ? new CpuBackend(threads) : ComputeDevice.Parse(device).Backend();

    /// <summary>The blob itself on the CPU; on another device a copy of it there.</summary>
    public static Blob On(string device, Blob blob)
    {
        if (device == Cpu)
        {
            return blob;
        }
        var copy = new Blob(Backend(device), blob.Shape);
        copy.SetData(blob.GetData());
        return copy;
    }

    /// <summary>A zero blob on the device.</summary>
    public static Blob New(string device, params int[] shape) => device == Cpu ? new Blob(shape) : new Blob(Backend(device), shape);
}
