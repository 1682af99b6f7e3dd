using ActorNet.Gpu.Backends.Cpu;

namespace ActorNet.Gpu.Tests.Kernels;

/// <summary>The CPU update rules against their scalar definitions, at sizes that take the vector and the threaded paths.</summary>
public class SolverKernelTests
{
    [Theory]
    [InlineData(1, 13)]
    [InlineData(2, 70_001)] // above the threshold for threads, with a tail shorter than a vector
    [InlineData(3, 431_080)] // LeNet's parameter count
    public void Sgd_momentum_keeps_history_and_step_equal_to_Caffes_formula(int threads, int n)
    {
        var backend = new CpuBackend(threads);
        var random = new Random(n);
        var gradients = Enumerable.Range(0, n).Select(_ => random.NextSingle() - 0.5f).ToArray();
        var history = Enumerable.Range(0, n).Select(_ => random.NextSingle() - 0.5f).ToArray();
        var g = backend.Allocate(n);
        var h = backend.Allocate(n);
        backend.Upload(gradients, g, 0);
        backend.Upload(history, h, 0);

        backend.SgdUpdate(n, 0.01f, 0.9f, g, h);

        var step = new float[n];
        var kept = new float[n];
        backend.Download(g, 0, step);
        backend.Download(h, 0, kept);
        for (int i = 0; i < n; i++)
        {
            float expected = 0.01f * gradients[i] + 0.9f * history[i];
            if (step[i] != expected || kept[i] != expected)
            {
                Assert.Fail($"element {i} of {n}: expected {expected}, step {step[i]}, history {kept[i]}");
            }
        }
    }
}
