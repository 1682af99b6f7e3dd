using ActorNet.Gpu;

namespace ActorNet.Node.Tests;

/// <summary>
/// A throw-away folder with a tiny MNIST-layout data set (28x28 images whose bright band depends on the
/// label, so a net can learn it), a tiny net and a tiny solver, for the net command tests.
/// </summary>
internal sealed class TinyMnist : IDisposable
{
    public TinyMnist(int trainImages = 64, int testImages = 32)
    {
        Folder = Path.Combine(Path.GetTempPath(), $"actornet-tiny-{Guid.NewGuid():N}");
        DataFolder = Path.Combine(Folder, "data");
        Directory.CreateDirectory(DataFolder);
        Write("train", trainImages, seed: 1);
        Write("t10k", testImages, seed: 2);
    }

    public string Folder { get; }

    public string DataFolder { get; }

    /// <summary>Writes the tiny net; its data layers read <paramref name="source"/>.</summary>
    public string WriteNet(string source)
    {
        string path = Path.Combine(Folder, "tiny_train_test.prototxt");
        string data(string phase) => $$"""
            layer { name: "mnist" type: "Data" top: "data" top: "label" include { phase: {{phase}} }
              transform_param { scale: 0.00390625 } data_param { source: "{{source}}" batch_size: 16 backend: LMDB } }
            """;
        File.WriteAllText(path, $$"""
            name: "Tiny"
            {{data("TRAIN")}}
            {{data("TEST")}}
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
              convolution_param { num_output: 2 kernel_size: 4 stride: 4 weight_filler { type: "xavier" } } }
            layer { name: "ip1" type: "InnerProduct" bottom: "conv1" top: "ip1"
              inner_product_param { num_output: 10 weight_filler { type: "xavier" } } }
            layer { name: "accuracy" type: "Accuracy" bottom: "ip1" bottom: "label" top: "accuracy" include { phase: TEST } }
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "ip1" bottom: "label" top: "loss" }
            """);
        return path;
    }

    /// <summary>Writes a solver for <paramref name="netPath"/>: 6 iterations, tests every 3, display every 2, snapshot every 4.</summary>
    public string WriteSolver(string netPath)
    {
        string path = Path.Combine(Folder, "tiny_solver.prototxt");
        File.WriteAllText(path, $"""
            net: "{netPath}"
            test_iter: 2
            test_interval: 3
            base_lr: 0.01
            momentum: 0.9
            lr_policy: "fixed"
            display: 2
            max_iter: 6
            snapshot: 4
            snapshot_prefix: "{Path.Combine(Folder, "tiny")}"
            solver_mode: CPU
            """);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private void Write(string prefix, int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 28 * 28];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % 4;
            labels[i] = (byte)label;
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++)
                    pixels[i * 784 + y * 28 + x] = (byte)(y / 7 == label ? 200 + random.Next(56) : random.Next(40));
        }
        IdxFile.Write(Path.Combine(DataFolder, $"{prefix}-images-idx3-ubyte.gz"), [count, 28, 28], pixels);
        IdxFile.Write(Path.Combine(DataFolder, $"{prefix}-labels-idx1-ubyte"), [count], labels);
    }
}
