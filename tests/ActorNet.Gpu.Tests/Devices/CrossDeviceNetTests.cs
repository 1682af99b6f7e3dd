using ActorNet.Gpu.Tests.Caffe;
using ActorNet.Gpu.Tests.Nets;
using ActorNet.Gpu.Tests.Support;

namespace ActorNet.Gpu.Tests.Devices;

/// <summary>
/// Whole nets from Caffe's prototxt files on two devices from the same seed and data: losses, every gradient and the
/// weights after solver steps agree within 1e-4 of each blob's largest magnitude; saved models move between devices.
/// </summary>
internal static class CrossDevice
{
    private const double Tolerance = 1e-4;

    // Input seed whose MAX pooling windows hold no near ties over the run (see TrainAndCompare).
    private const int FeedSeed = 12;

    private static SolverParameter LeNetSolver() => new()
    {
        BaseLr = 0.01f, Momentum = 0.9f, WeightDecay = 5e-4f, LrPolicy = "inv", Gamma = 1e-4f, Power = 0.75f,
    };

    /// <summary>Forward, backward and then <paramref name="steps"/> solver steps on both devices, compared after each stage.</summary>
    public static void TrainAndCompare(string device, string prototxt, int batch, int channels, int size, int steps)
    {
        var nets = new[] { TestDevices.Cpu, device }
            .Select(d => NetGradientTests.Build(prototxt, batch, channels, size, Phase.Train, d, seed: 5))
            .ToArray();
        foreach (var net in nets)
        {
            Assert.Equal(ComputeDevice.Parse(net == nets[0] ? TestDevices.Cpu : device), net.Device);
            // MAX pooling routes a gradient to its window's maximum: two values closer than the devices' rounding
            // differences (about 1e-6 here) would send it to different inputs. The kernels are deterministic, so a
            // seed without such near ties keeps the test stable; a kernel bug still shows as a large difference.
            NetGradientTests.Feed(net, FeedSeed, 10);
            net.ClearParamDiffs();
        }
        float[] losses = nets.Select(n => n.ForwardBackward()).ToArray();
        Assert.Equal(losses[0], losses[1], Tolerance * Math.Max(1, Math.Abs(losses[0])));
        CompareParams(nets[0], nets[1], diffs: true, "after one forward/backward");
        var solvers = nets.Select(n => new Solver(LeNetSolver(), n)).ToArray();
        for (int s = 0; s < steps; s++)
        {
            float[] stepLoss = solvers.Select(solver => solver.Step(1)).ToArray();
            Assert.Equal(stepLoss[0], stepLoss[1], Tolerance * Math.Max(1, Math.Abs(stepLoss[0])));
        }
        CompareParams(nets[0], nets[1], diffs: false, $"after {steps} solver steps");
        Assert.Equal(steps, solvers[1].Iteration);
    }

    private static void CompareParams(Net expected, Net actual, bool diffs, string when)
    {
        int compared = 0;
        foreach (string layer in expected.LayerNames)
        {
            var e = expected.LayerParams(layer);
            var a = actual.LayerParams(layer);
            for (int b = 0; b < e.Count; b++)
            {
                BackendAgreement.Close(diffs ? e[b].GetDiff() : e[b].GetData(), diffs ? a[b].GetDiff() : a[b].GetData(), Tolerance,
                    $"{layer} blob {b} {(diffs ? "diff" : "data")} {when}");
                compared++;
            }
        }
        Assert.True(compared >= 8, $"only {compared} parameter blobs compared");
    }

    /// <summary>A model saved on one device loads on the other and both predict the same classes.</summary>
    public static void SavedModelMovesBetweenDevices(string device, string folder)
    {
        var param = ProtoLoader.ReplaceDataLayers(ProtoLoader.LoadNetPrototxt(TestData.Path("lenet_train_test.prototxt")), 4, 4, 1, 28, 28);
        var trained = new Net(param, Phase.Train, seed: 3);
        NetGradientTests.Feed(trained, 4, 10);
        new Solver(LeNetSolver(), trained).Step(3);
        string saved = Path.Combine(folder, "lenet.caffemodel");
        trained.SaveCaffeModel(saved);

        var predictions = new List<int[]>();
        foreach (string on in new[] { TestDevices.Cpu, device })
        {
            var net = new Net(param, Phase.Test, ComputeDevice.Parse(on), seed: 99);
            net.CopyTrainedLayersFrom(saved);
            NetGradientTests.Feed(net, 8, 10);
            net.Forward();
            var scores = net.Blob("ip2").GetData();
            predictions.Add(Enumerable.Range(0, 4).Select(i => Array.IndexOf(scores, scores.Skip(i * 10).Take(10).Max(), i * 10) - i * 10).ToArray());
            // Saving on this device and loading on the CPU gives back the very weights.
            string again = Path.Combine(folder, $"again-{on}.caffemodel");
            net.SaveCaffeModel(again);
            var check = new Net(param, Phase.Test, seed: 7);
            check.CopyTrainedLayersFrom(again);
            Assert.Equal(trained.LayerParams("ip2")[0].GetData(), check.LayerParams("ip2")[0].GetData());
        }
        Assert.Equal(predictions[0], predictions[1]);
    }
}

/// <summary>The cross-device checks between the CPU backend and the ILGPU kernels on ILGPU's CPU accelerator.</summary>
public sealed class CrossDeviceNetTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("actornet-devices").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void LeNetTrainsAlikeOnCpuAndIlgpuCpu() => CrossDevice.TrainAndCompare(TestDevices.IlgpuCpu, "lenet_train_test.prototxt", 1, 1, 28, steps: 10);

    [Fact]
    public void Cifar10QuickTrainsAlikeOnCpuAndIlgpuCpu() => CrossDevice.TrainAndCompare(TestDevices.IlgpuCpu, "cifar10_quick_train_test.prototxt", 1, 3, 32, steps: 10);

    [Fact]
    public void ASavedModelPredictsTheSameClassesOnCpuAndIlgpuCpu() => CrossDevice.SavedModelMovesBetweenDevices(TestDevices.IlgpuCpu, folder);
}

/// <summary>The cross-device checks between the CPU backend and a CUDA GPU (skipped without one).</summary>
public sealed class CudaNetTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("actornet-cuda").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [CudaFact]
    public void LeNetTrainsAlikeOnCpuAndCuda() => CrossDevice.TrainAndCompare("cuda", "lenet_train_test.prototxt", 16, 1, 28, steps: 10);

    [CudaFact]
    public void Cifar10QuickTrainsAlikeOnCpuAndCuda() => CrossDevice.TrainAndCompare("cuda", "cifar10_quick_train_test.prototxt", 16, 3, 32, steps: 10);

    [CudaFact]
    public void ASavedModelPredictsTheSameClassesOnCpuAndCuda() => CrossDevice.SavedModelMovesBetweenDevices("cuda", folder);
}
