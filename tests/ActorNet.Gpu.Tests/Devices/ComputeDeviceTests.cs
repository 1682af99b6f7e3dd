namespace ActorNet.Gpu.Tests.Devices;

public class ComputeDeviceTests
{
    [Theory]
    [InlineData("cpu", ComputeDeviceKind.Cpu, null, "cpu")]
    [InlineData(" CPU ", ComputeDeviceKind.Cpu, null, "cpu")]
    [InlineData("cuda", ComputeDeviceKind.Cuda, null, "cuda")]
    [InlineData("cuda:3", ComputeDeviceKind.Cuda, 3, "cuda:3")]
    [InlineData("ilgpu-cpu", ComputeDeviceKind.IlgpuCpu, null, "ilgpu-cpu")]
    public void ParsesEveryDeviceName(string text, ComputeDeviceKind kind, int? index, string name)
    {
        var device = ComputeDevice.Parse(text);
        Assert.Equal(kind, device.Kind);
        Assert.Equal(index, device.Index);
        Assert.Equal(name, device.ToString());
        Assert.Equal(device, ComputeDevice.Parse(device.ToString()));
    }

    [Theory]
    [InlineData("tpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:one")]
    [InlineData("")]
    public void RejectsOtherNamesListingTheAcceptedOnes(string text)
    {
        var e = Assert.Throws<FormatException>(() => ComputeDevice.Parse(text));
        Assert.Contains("cuda", e.Message);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void CpuIsTheDefaultAndAlwaysAvailable()
    {
        var available = ComputeDevice.Available();
        Assert.Equal(ComputeDevice.Cpu, available[0]);
        Assert.Contains(ComputeDevice.IlgpuCpu, available);
        var net = new Net(new NetParameter { Name = "empty" }, Phase.Test);
        Assert.Equal(ComputeDevice.Cpu, net.Device);
    }

    [NoCudaFact]
    public void CudaWithoutAGpuFailsNamingWhatIsMissing()
    {
        var e = Assert.Throws<ComputeDeviceUnavailableException>(() => new Net(new NetParameter { Name = "n" }, Phase.Test, ComputeDevice.Cuda));
        Assert.Contains("NVIDIA", e.Message);
        Assert.Contains("cuda", e.Message);
        Assert.Throws<ComputeDeviceUnavailableException>(() => ComputeDevice.Parse("cuda:1").EnsureAvailable());
        Assert.Throws<ComputeDeviceUnavailableException>(() => ComputeDevice.Cuda.ForWorker(3));
    }

    [CudaFact]
    public void EachWorkerTakesAGpuInTurn()
    {
        int gpus = ComputeDevice.Available().Count(d => d.Kind == ComputeDeviceKind.Cuda);
        Assert.Equal(ComputeDevice.CudaAt(0), ComputeDevice.Cuda.ForWorker(0));
        Assert.Equal(ComputeDevice.CudaAt(5 % gpus), ComputeDevice.Cuda.ForWorker(5));
        Assert.Equal(ComputeDevice.CudaAt(0), ComputeDevice.CudaAt(0).ForWorker(5));
    }

    [Fact]
    public void OtherDevicesAreTheSameForEveryWorker()
    {
        Assert.Equal(ComputeDevice.Cpu, ComputeDevice.Cpu.ForWorker(7));
        Assert.Equal(ComputeDevice.IlgpuCpu, ComputeDevice.IlgpuCpu.ForWorker(7));
    }

    [Fact]
    public void ABlobOfAnotherDeviceIsRejectedWithAClearError()
    {
        var layer = Support.GradientChecker.Build(Support.P.Layer("ReLU"), new[] { new Blob(2) }, new[] { new Blob() }, device: Support.TestDevices.IlgpuCpu);
        var e = Assert.ThrowsAny<ArgumentException>(() => layer.Forward(new[] { new Blob(2) }, new[] { new Blob(2) }));
        Assert.Contains("cpu", e.Message);
    }
}
