using ActorNet.Gpu;
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
