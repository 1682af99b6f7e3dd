using ActorNet.Gpu.Tests.Caffe;
using ActorNet.Gpu.Tests.Support;

namespace ActorNet.Gpu.Tests.Nets;

/// <summary>Finite-difference checks of whole nets built from Caffe's own prototxt files.</summary>
public class NetGradientTests
{
    internal static Net Build(string prototxt, int batch, int channels, int size, Phase phase = Phase.Train, string device = TestDevices.Cpu, int seed = 1701)
    {
        var param = ProtoLoader.ReplaceDataLayers(ProtoLoader.LoadNetPrototxt(TestData.Path(prototxt)), batch, batch, channels, size, size);
        return new Net(param, phase, ComputeDevice.Parse(device), seed);
    }

    internal static void Feed(Net net, int seed, int classes)
    {
        var rng = new Random(seed);
        var data = net.Blob("data");
        data.SetData(Enumerable.Range(0, data.Count).Select(_ => rng.NextSingle()).ToArray());
        var label = net.Blob("label");
        label.SetData(Enumerable.Range(0, label.Count).Select(_ => (float)rng.Next(classes)).ToArray());
    }

    /// <summary>Replaces the prototxt's tiny initial weights by ones scaled to 1/sqrt(fan-in), so every gradient matters.</summary>
    internal static void Randomize(Net net, int seed)
    {
        var rng = new Random(seed);
        foreach (string layer in net.LayerNames)
        {
            foreach (var blob in net.LayerParams(layer))
            {
                float scale = 1f / MathF.Sqrt(Math.Max(1, blob.Count / blob.ShapeAt(0)));
                blob.SetData(Enumerable.Range(0, blob.Count).Select(_ => (rng.NextSingle() * 2 - 1) * scale * 1.5f).ToArray());
            }
        }
    }

    internal static void CheckNet(Net net, int samplesPerBlob)
    {
        float loss = net.Forward();
        Assert.True(float.IsFinite(loss) && loss > 0);
        net.ClearParamDiffs();
        net.Backward();
        var rng = new Random(5);
        const float step = 1e-3f;
        int checkedCount = 0;
        foreach (string layer in net.LayerNames)
        {
            var blobs = net.LayerParams(layer);
            for (int b = 0; b < blobs.Count; b++)
            {
                var blob = blobs[b];
                var grad = blob.GetDiff();
                var data = blob.GetData();
                for (int s = 0; s < samplesPerBlob; s++)
                {
                    int i = rng.Next(blob.Count);
                    float original = data[i];
                    data[i] = original + step;
                    blob.SetData(data);
                    double plus = net.Forward();
                    data[i] = original - step;
                    blob.SetData(data);
                    double minus = net.Forward();
                    data[i] = original;
                    blob.SetData(data);
                    double numeric = (plus - minus) / (2 * step);
                    double scale = Math.Max(1.0, Math.Abs(numeric));
                    Assert.True(Math.Abs(numeric - grad[i]) <= 1e-2 * scale,
                        $"{layer} blob {b}[{i}]: analytic {grad[i]}, numeric {numeric}.");
                    checkedCount++;
                }
            }
        }
        Assert.True(checkedCount >= 8 * samplesPerBlob);
    }

    [Fact]
    public void LeNet()
    {
        var net = Build("lenet_train_test.prototxt", 2, 1, 28);
        Randomize(net, 1);
        Feed(net, 2, 10);
        CheckNet(net, 6);
    }

    [Fact]
    public void Cifar10Quick()
    {
        var net = Build("cifar10_quick_train_test.prototxt", 2, 3, 32);
        Randomize(net, 3);
        Feed(net, 4, 10);
        CheckNet(net, 5);
    }
}

/// <summary>
/// LeNet's whole-net gradient check on the ILGPU kernels (ILGPU's CPU accelerator): one sample per blob, each a full
/// forward on emulated GPU threads; cifar10_quick's layers are compared element by element in CrossDeviceNetTests.
/// </summary>
public sealed class NetGradientTestsOnIlgpuCpu
{
    [Fact]
    public void LeNet()
    {
        var net = NetGradientTests.Build("lenet_train_test.prototxt", 1, 1, 28, device: TestDevices.IlgpuCpu);
        Assert.Equal(ComputeDevice.IlgpuCpu, net.Device);
        NetGradientTests.Randomize(net, 1);
        NetGradientTests.Feed(net, 2, 10);
        NetGradientTests.CheckNet(net, 1);
    }
}
