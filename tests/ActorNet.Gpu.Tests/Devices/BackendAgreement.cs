using ActorNet.Gpu.Backends;
using ActorNet.Gpu.Backends.Cpu;
using ActorNet.Gpu.Backends.Ilgpu;
using ActorNet.Gpu.Tests.Support;
using ILGPU;
using ILGPU.Runtime.CPU;

namespace ActorNet.Gpu.Tests.Devices;

/// <summary>Kernel-level comparisons of a device's backend against the CPU backend, shared by the ilgpu-cpu and CUDA tests.</summary>
internal static class BackendAgreement
{
    private static readonly CpuBackend Cpu = new(1);

    /// <summary>Asserts |expected - actual| &lt;= tolerance * the largest magnitude in expected (at least 1e-6).</summary>
    public static void Close(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1e-6, expected.Length == 0 ? 0 : expected.Max(v => Math.Abs((double)v)));
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * scale))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]}, got {actual[i]} (scale {scale}).");
            }
        }
    }

    private static float[] Random(int seed, int n)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
    }

    private static (DeviceBuffer Cpu, DeviceBuffer Device) Pair(IComputeBackend device, float[] values)
    {
        var c = Cpu.Allocate(values.Length);
        Cpu.Upload(values, c, 0);
        var d = device.Allocate(values.Length);
        device.Upload(values, d, 0);
        return (c, d);
    }

    private static float[] Read(IComputeBackend backend, DeviceBuffer buffer)
    {
        var host = new float[buffer.Length];
        backend.Download(buffer, 0, host);
        return host;
    }

    /// <summary>Every transposition, sizes that are no multiple of any tile, offsets into larger buffers, beta 0 and not.</summary>
    public static void Gemm(string device) => Gemm(TestDevices.Backend(device));

    public static void Gemm(IComputeBackend backend)
    {
        foreach (var (m, n, k) in new[] { (7, 19, 33), (1, 5, 40), (35, 3, 1), (33, 34, 17) })
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    foreach (float beta in new[] { 0f, 0.5f })
                    {
                        var a = Pair(backend, Random(1, m * k + 3));
                        var b = Pair(backend, Random(2, k * n + 5));
                        var c = Pair(backend, Random(3, m * n + 2));
                        Cpu.Gemm(ta, tb, m, n, k, 0.75f, a.Cpu, 3, b.Cpu, 5, beta, c.Cpu, 2);
                        backend.Gemm(ta, tb, m, n, k, 0.75f, a.Device, 3, b.Device, 5, beta, c.Device, 2);
                        Close(Read(Cpu, c.Cpu), Read(backend, c.Device), 1e-5, $"gemm {m}x{n}x{k} ta={ta} tb={tb} beta={beta}");
                    }
                }
            }
        }
    }

    public static void Reductions(string device)
    {
        var backend = TestDevices.Backend(device);
        var x = Pair(backend, Random(4, 5003));
        var y = Pair(backend, Random(5, 5003));
        Assert.Equal(Cpu.Dot(5000, x.Cpu, 3, y.Cpu, 1), backend.Dot(5000, x.Device, 3, y.Device, 1), 1e-3f);
        Assert.Equal(Cpu.Asum(5000, x.Cpu, 2), backend.Asum(5000, x.Device, 2), 1e-2f);
        Assert.Equal(Cpu.SumSquares(5000, x.Cpu, 0), backend.SumSquares(5000, x.Device, 0), 1e-2f);
        Assert.Equal(0f, backend.Dot(0, x.Device, 0, y.Device, 0));

        var r = Pair(backend, Random(6, 5));
        Cpu.ChannelSum(4, 5, 7, 0.5f, x.Cpu, 1, 2f, r.Cpu, 0);
        backend.ChannelSum(4, 5, 7, 0.5f, x.Device, 1, 2f, r.Device, 0);
        Close(Read(Cpu, r.Cpu), Read(backend, r.Device), 1e-5, "channel sum");
        Cpu.ChannelDot(4, 5, 7, 1f, x.Cpu, 0, y.Cpu, 9, 0f, r.Cpu, 0);
        backend.ChannelDot(4, 5, 7, 1f, x.Device, 0, y.Device, 9, 0f, r.Device, 0);
        Close(Read(Cpu, r.Cpu), Read(backend, r.Device), 1e-5, "channel dot");
    }

    /// <summary>The six update rules of Caffe's solvers, five steps each, on the same gradients.</summary>
    public static void UpdateRules(string device)
    {
        var backend = TestDevices.Backend(device);
        const int n = 301;
        var rules = new (string Name, Action<IComputeBackend, DeviceBuffer, DeviceBuffer, DeviceBuffer> Step)[]
        {
            ("sgd", (be, g, h, _) => be.SgdUpdate(n, 0.1f, 0.9f, g, h)),
            ("nesterov", (be, g, h, _) => be.NesterovUpdate(n, 0.1f, 0.9f, g, h)),
            ("adagrad", (be, g, h, _) => be.AdaGradUpdate(n, 0.1f, 1e-8f, g, h)),
            ("rmsprop", (be, g, h, _) => be.RmsPropUpdate(n, 0.1f, 0.98f, 1e-8f, g, h)),
            ("adadelta", (be, g, h, u) => be.AdaDeltaUpdate(n, 1f, 0.95f, 1e-6f, g, h, u)),
            ("adam", (be, g, h, u) => be.AdamUpdate(n, 0.01f, 0.9f, 0.999f, 1e-8f, 0.3f, g, h, u)),
        };
        foreach (var (name, step) in rules)
        {
            var h = Pair(backend, new float[n]);
            var u = Pair(backend, new float[n]);
            for (int s = 0; s < 5; s++)
            {
                var g = Pair(backend, Random(10 + s, n));
                step(Cpu, g.Cpu, h.Cpu, u.Cpu);
                step(backend, g.Device, h.Device, u.Device);
                Close(Read(Cpu, g.Cpu), Read(backend, g.Device), 1e-5, $"{name} step {s}");
            }
            Close(Read(Cpu, h.Cpu), Read(backend, h.Device), 1e-5, $"{name} history");
            Close(Read(Cpu, u.Cpu), Read(backend, u.Device), 1e-5, $"{name} second history");
        }
        var x = Pair(backend, Random(20, n));
        var y = Pair(backend, Random(21, n));
        Cpu.AddSign(n, 0.3f, x.Cpu, 0, y.Cpu, 0);
        backend.AddSign(n, 0.3f, x.Device, 0, y.Device, 0);
        Close(Read(Cpu, y.Cpu), Read(backend, y.Device), 1e-6, "L1 sign");
    }
}

/// <summary>The ILGPU kernels on ILGPU's CPU accelerator against the CPU backend.</summary>
public class IlgpuCpuBackendTests
{
    [Fact]
    public void TiledGemmMatchesTheCpuBackend() => BackendAgreement.Gemm(TestDevices.IlgpuCpu);

    [Fact]
    public void TiledGemmInSixteenThreadGroupsOfIlgpusDefaultCpuDeviceMatchesTheCpuBackend()
    {
        using var context = Context.Create(builder => builder.CPU(CPUDeviceKind.Default));
        using var accelerator = context.GetCPUDevice(0).CreateAccelerator(context);
        Assert.Equal(16, accelerator.MaxNumThreadsPerGroup);
        BackendAgreement.Gemm(new IlgpuBackend(accelerator, "ilgpu-default-cpu", null));
    }

    [Fact]
    public void ReductionsMatchTheCpuBackend() => BackendAgreement.Reductions(TestDevices.IlgpuCpu);

    [Fact]
    public void SolverUpdateRulesMatchTheCpuBackend() => BackendAgreement.UpdateRules(TestDevices.IlgpuCpu);
}

/// <summary>The ILGPU kernels and cuBLAS on a CUDA GPU against the CPU backend (skipped without one).</summary>
public class CudaBackendTests
{
    [CudaFact]
    public void CuBlasGemmMatchesTheCpuBackend() => BackendAgreement.Gemm("cuda");

    [CudaFact]
    public void ReductionsMatchTheCpuBackend() => BackendAgreement.Reductions("cuda");

    [CudaFact]
    public void SolverUpdateRulesMatchTheCpuBackend() => BackendAgreement.UpdateRules("cuda");
}
