using ActorNet.Gpu;
using ActorNet.Rdd;
using ActorNet.Training.Internal;
using ActorNet.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Training.Tests;

public class WorkerDeviceTests
{
    private static IConfiguration Node(string? device) => new ConfigurationBuilder()
        .AddInMemoryCollection(device is null ? [] : [new(WorkerDevice.ConfigKey, device)]).Build();

    [Fact]
    public void TheNodesActornetGpuDeviceServesWhenTheTrainerNamesNone()
    {
        Assert.Equal(ComputeDevice.IlgpuCpu, WorkerDevice.Resolve(null, Node("ilgpu-cpu"), worker: 3));
        Assert.Equal(ComputeDevice.Cpu, WorkerDevice.Resolve(null, Node(null), worker: 3));
        Assert.Equal(ComputeDevice.Cpu, WorkerDevice.Resolve(null, null, worker: 0));
    }

    [Fact]
    public void TheTrainersDeviceWinsOverTheNodes() =>
        Assert.Equal(ComputeDevice.Cpu, WorkerDevice.Resolve("cpu", Node("ilgpu-cpu"), worker: 1));

    [Fact]
    public void ABadConfiguredNameNamesTheKey()
    {
        var e = Assert.Throws<ArgumentException>(() => WorkerDevice.Resolve(null, Node("tpu"), worker: 0));
        Assert.Contains("actornet.gpu.device", e.Message);
        Assert.Contains("tpu", e.Message);
    }

    [Fact]
    public void TheReferenceConfigurationDefaultsToTheCpu()
    {
        var config = new ConfigurationBuilder().AddActorNetReference().Build();
        Assert.Equal("cpu", config[WorkerDevice.ConfigKey]);
    }
}

public sealed class DeviceTrainingTests
{
    [Fact]
    public void Averaging_on_the_ilgpu_kernels_in_one_process_and_in_worker_processes_ends_where_averaging_on_the_cpu_does()
    {
        // Two workers, two rounds of model averaging, the same data and seed: only the device differs. The weights
        // leave each worker's device once per round for the exchange and come back once.
        var samples = TinyNet.Samples(32);
        WeightCollection Train(ComputeDevice device, string master = "local[2]")
        {
            using var context = new ClusterContext(master, "training-device");
            return new DistributedTrainer(context, TinyNet.Solver())
                .WithWorkers(2).WithMode(TrainingMode.ModelAveraging(syncInterval: 2)).WithSeed(5).WithDevice(device)
                .Fit(context.Parallelize(samples, 2), null, rounds: 2).Weights;
        }
        var cpu = Train(ComputeDevice.Cpu);
        foreach (var ilgpu in new[] { Train(ComputeDevice.IlgpuCpu), Train(ComputeDevice.IlgpuCpu, "local-cluster[2]") })
        {
            AssertClose(cpu, ilgpu);
        }
    }

    private static void AssertClose(WeightCollection cpu, WeightCollection ilgpu)
    {
        foreach (string layer in cpu.LayerNames)
        {
            for (int b = 0; b < cpu[layer].Count; b++)
            {
                var expected = cpu[layer][b];
                var actual = ilgpu[layer][b];
                Assert.Equal(expected.Length, actual.Length);
                float scale = Math.Max(1e-6f, expected.Max(Math.Abs));
                for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * scale, $"{layer}[{b}][{i}]: {expected[i]} vs {actual[i]}");
            }
        }
    }

    [NoCudaFact]
    public void The_workers_build_their_nets_on_the_trainers_device()
    {
        using var context = TinyNet.Local();
        var trainer = new DistributedTrainer(context, TinyNet.Solver())
            .WithWorkers(2).WithMode(TrainingMode.ModelAveraging(syncInterval: 1)).WithDevice(ComputeDevice.Cuda);
        var e = Assert.ThrowsAny<Exception>(() => trainer.Fit(context.Parallelize(TinyNet.Samples(8), 2), null, rounds: 1));
        Assert.Contains("NVIDIA", e.ToString());
    }
}

/// <summary>A test that needs a machine without a CUDA GPU (it checks the failure there); skipped where there is one.</summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        if (ComputeDevice.Available().Any(d => d.Kind == ComputeDeviceKind.Cuda))
        {
            Skip = "This machine has a CUDA device; the test checks what workers do on machines without one.";
        }
    }
}
