using System.CommandLine;
using System.Globalization;

namespace ActorNet.Node.Tests;

public sealed class NetCommandsTests
{
    private static (int Code, string[] Lines, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = ActorNetCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), error.ToString());
    }

    private static float ValueAfter(string line, string marker) =>
        float.Parse(line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split(' ')[0], CultureInfo.InvariantCulture);

    [Fact]
    public void TrainTestsDisplaysSnapshotsAndTheTestCommandScoresTheWeights()
    {
        using var tiny = new TinyMnist();
        string solver = tiny.WriteSolver(tiny.WriteNet("examples/mnist/mnist_train_lmdb"));

        var (code, lines, error) = Run("train", "--solver", solver, "--data", tiny.DataFolder, "--threads", "1");
        Assert.True(code == 0, error);
        Assert.Equal(["Iteration 0, lr = 0.01", "Iteration 2, lr = 0.01", "Iteration 4, lr = 0.01"], lines.Where(l => l.Contains(", lr = ")));
        string[] losses = [.. lines.Where(l => l.StartsWith("Iteration ") && l.Contains("), loss = "))];
        Assert.Equal(3, losses.Length);
        Assert.All(losses, l => Assert.True(float.IsFinite(ValueAfter(l, "loss = ")), l));
        Assert.Equal(["Iteration 0, Testing net (#0)", "Iteration 3, Testing net (#0)", "Iteration 6, Testing net (#0)"], lines.Where(l => l.Contains("Testing net")));
        Assert.Contains(lines, l => l.StartsWith("Test net output #0: accuracy = "));
        Assert.Contains(lines, l => l.StartsWith("Test net output #1: loss = ") && l.EndsWith(" loss)"));
        foreach (int iteration in new[] { 4, 6 })
        {
            Assert.True(File.Exists(Path.Combine(tiny.Folder, $"tiny_iter_{iteration}.caffemodel")));
            Assert.True(File.Exists(Path.Combine(tiny.Folder, $"tiny_iter_{iteration}.solverstate")));
        }
        Assert.False(File.Exists(Path.Combine(tiny.Folder, "tiny_iter_2.caffemodel")));
        Assert.Equal("Optimization Done.", lines[^1]);

        string weights = Path.Combine(tiny.Folder, "tiny_iter_6.caffemodel");
        (code, lines, error) = Run("test", "--model", Path.Combine(tiny.Folder, "tiny_train_test.prototxt"), "--weights", weights, "--iterations", "2", "--data", tiny.DataFolder);
        Assert.True(code == 0, error);
        Assert.Contains(lines, l => l.StartsWith("Batch 0, accuracy = "));
        Assert.Contains(lines, l => l.StartsWith("Batch 1, loss = "));
        string accuracy = Assert.Single(lines, l => l.StartsWith("accuracy = "));
        Assert.InRange(ValueAfter(accuracy, "accuracy = "), 0f, 1f);
        Assert.Contains(lines, l => l.StartsWith("loss = ") && l.Contains("(* 1 = "));
    }

    [Fact]
    public void TrainResumesFromASnapshotAndReadsASourceThatIsADataFolder()
    {
        using var tiny = new TinyMnist();
        string solver = tiny.WriteSolver(tiny.WriteNet(tiny.DataFolder));
        var (code, _, error) = Run("train", "--solver", solver, "--threads", "1");
        Assert.True(code == 0, error);

        var (resumed, lines, resumeError) = Run("train", "--solver", solver, "--snapshot", Path.Combine(tiny.Folder, "tiny_iter_4.solverstate"), "--threads", "1");
        Assert.True(resumed == 0, resumeError);
        Assert.DoesNotContain(lines, l => l.StartsWith("Iteration 0"));
        Assert.Contains("Iteration 4, lr = 0.01", lines);
        Assert.Contains("Optimization Done.", lines);
    }

    [Fact]
    public void TrainWithoutDataSaysWhereItLooked()
    {
        using var tiny = new TinyMnist(trainImages: 4, testImages: 4);
        string solver = tiny.WriteSolver(tiny.WriteNet("examples/mnist/mnist_train_lmdb"));
        var (code, _, error) = Run("train", "--solver", solver);
        Assert.Equal(1, code);
        Assert.Contains("examples/mnist/mnist_train_lmdb", error);
        Assert.Contains("--data DIR", error);

        string missing = Path.Combine(tiny.Folder, "nowhere");
        (code, _, error) = Run("train", "--solver", solver, "--data", missing);
        Assert.Equal(1, code);
        Assert.Contains($"data folder {missing} does not exist", error);
    }

    [Fact]
    public void TimePrintsTheLayerTableTheAveragesAndImagesPerSecondLast()
    {
        using var tiny = new TinyMnist(trainImages: 4, testImages: 4);
        string net = tiny.WriteNet("examples/mnist/mnist_train_lmdb");
        var (code, lines, error) = Run("time", "--model", net, "--iterations", "2", "--threads", "1", "--shape", "1,28,28");
        Assert.True(code == 0, error);
        Assert.Contains("Testing for 2 iterations.", lines);
        Assert.Contains(lines, l => l.StartsWith("Iteration: 2 forward-backward time: "));
        Assert.Contains(lines, l => l.StartsWith("layer") && l.Contains("forward ms") && l.Contains("backward ms"));
        Assert.Contains(lines, l => l.StartsWith("conv1") && l.Contains("Convolution"));
        Assert.Contains(lines, l => l.StartsWith("loss") && l.Contains("SoftmaxWithLoss"));
        Assert.Contains(lines, l => l.StartsWith("Average Forward pass: ") && l.EndsWith(" ms"));
        Assert.Contains(lines, l => l.StartsWith("Average Backward pass: ") && l.EndsWith(" ms"));
        Assert.Contains(lines, l => l.StartsWith("Average Forward-Backward: ") && l.EndsWith(" ms"));
        Assert.StartsWith("images/s: ", lines[^1]);
        Assert.True(ValueAfter(lines[^1], "images/s: ") > 0);
    }

    [Fact]
    public void TimeWithABadShapeIsOneLine()
    {
        using var tiny = new TinyMnist(trainImages: 4, testImages: 4);
        var (code, _, error) = Run("time", "--model", tiny.WriteNet("lmdb"), "--shape", "1,28");
        Assert.Equal(1, code);
        Assert.Contains("--shape expects C,H,W", error);

        string big = Path.Combine(tiny.Folder, "big_kernel.prototxt");
        File.WriteAllText(big, """
            layer { name: "d" type: "Data" top: "data" data_param { source: "lmdb" batch_size: 2 } }
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 1 kernel_size: 5 } }
            """);
        (code, _, error) = Run("time", "--model", big, "--shape", "1,3,3");
        Assert.Equal(1, code);
        Assert.Contains("cannot build the Train net: Layer 'conv1'", error);
    }

    [Fact]
    public void TestScoresTheSameOnTheIlgpuKernelsAsOnTheCpu()
    {
        using var tiny = new TinyMnist(trainImages: 16, testImages: 16);
        string solver = tiny.WriteSolver(tiny.WriteNet(tiny.DataFolder));
        var (code, _, error) = Run("train", "--solver", solver, "--threads", "1");
        Assert.True(code == 0, error);
        string model = Path.Combine(tiny.Folder, "tiny_train_test.prototxt");
        string weights = Path.Combine(tiny.Folder, "tiny_iter_6.caffemodel");
        string Accuracy(string device)
        {
            var (c, lines, e) = Run("test", "--model", model, "--weights", weights, "--iterations", "1", "--device", device);
            Assert.True(c == 0, e);
            return Assert.Single(lines, l => l.StartsWith("accuracy = "));
        }
        Assert.Equal(Accuracy("cpu"), Accuracy("ilgpu-cpu"));

        (code, var timed, error) = Run("time", "--model", model, "--iterations", "1", "--device", "ilgpu-cpu", "--shape", "1,28,28");
        Assert.True(code == 0, error);
        Assert.StartsWith("images/s: ", timed[^1]);
    }

    [Fact]
    public void AnUnknownDeviceOrOneThisMachineLacksIsOneLine()
    {
        using var tiny = new TinyMnist(trainImages: 4, testImages: 4);
        string net = tiny.WriteNet("lmdb");
        var (code, _, error) = Run("time", "--model", net, "--shape", "1,28,28", "--device", "tpu");
        Assert.Equal(1, code);
        Assert.Equal("actornet: --device: Unknown device 'tpu'; expected cpu, cuda, cuda:N or ilgpu-cpu.", error.Trim());
        if (!Gpu.ComputeDevice.Available().Any(d => d.Kind == Gpu.ComputeDeviceKind.Cuda))
        {
            (code, _, error) = Run("time", "--model", net, "--shape", "1,28,28", "--device", "cuda");
            Assert.Equal(1, code);
            Assert.StartsWith("actornet: Device cuda: no NVIDIA driver", error.Trim());
            Assert.DoesNotContain("   at ", error);
        }
    }
}
