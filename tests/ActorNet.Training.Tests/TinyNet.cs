using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.Training.Tests;

/// <summary>
/// A small classifier (a hidden InnerProduct + ReLU, then 3 classes) over 1×4×4 samples, with MemoryData
/// layers the trainer replaces by Input layers, and three Gaussian blobs of samples it can separate.
/// </summary>
internal static class TinyNet
{
    public const string Net = """
        name: "tiny"
        layer { name: "data" type: "MemoryData" top: "data" top: "label" include { phase: TRAIN }
                memory_data_param { batch_size: 8 channels: 1 height: 4 width: 4 } }
        layer { name: "data" type: "MemoryData" top: "data" top: "label" include { phase: TEST }
                memory_data_param { batch_size: 5 channels: 1 height: 4 width: 4 } }
        layer { name: "hidden" type: "InnerProduct" bottom: "data" top: "hidden"
                param { lr_mult: 1 } param { lr_mult: 2 }
                inner_product_param { num_output: 6 weight_filler { type: "xavier" } } }
        layer { name: "relu" type: "ReLU" bottom: "hidden" top: "hidden" }
        layer { name: "scores" type: "InnerProduct" bottom: "hidden" top: "scores"
                param { lr_mult: 1 } param { lr_mult: 2 }
                inner_product_param { num_output: 3 weight_filler { type: "xavier" } } }
        layer { name: "accuracy" type: "Accuracy" bottom: "scores" bottom: "label" top: "accuracy" include { phase: TEST } }
        layer { name: "loss" type: "SoftmaxWithLoss" bottom: "scores" bottom: "label" top: "loss" }
        """;

    public static SolverParameter Solver(float momentum = 0.9f)
    {
        var solver = ProtoLoader.ParseSolverPrototxt($"""
            base_lr: 0.05 momentum: {momentum.ToString(System.Globalization.CultureInfo.InvariantCulture)} weight_decay: 0.0005
            lr_policy: "inv" gamma: 0.0001 power: 0.75 max_iter: 1000
            """);
        solver.NetParam = ProtoLoader.ParseNetPrototxt(Net);
        return solver;
    }

    /// <summary><paramref name="count"/> samples, class i centred at a different corner, from a fixed seed.</summary>
    public static List<(float[] Data, int Label)> Samples(int count, int seed = 7)
    {
        var random = new Random(seed);
        var samples = new List<(float[], int)>();
        for (int n = 0; n < count; n++)
        {
            int label = n % 3;
            var data = new float[16];
            for (int i = 0; i < 16; i++) data[i] = (float)(random.NextDouble() - 0.5) * 0.6f;
            data[label * 5] += 1.5f;
            samples.Add((data, label));
        }
        return samples;
    }

    /// <summary>Plain Caffe SGD in one process: the same net and seed, every step on one batch of all <paramref name="samples"/>.</summary>
    public static WeightCollection SingleProcessSgd(List<(float[] Data, int Label)> samples, int iterations, int seed, float momentum, float? baseLr = null)
    {
        var solverParameter = Solver(momentum);
        if (baseLr is float lr) solverParameter.BaseLr = lr;
        solverParameter.NetParam = ProtoLoader.ReplaceDataLayers(solverParameter.NetParam, samples.Count, 5, 1, 4, 4);
        var solver = new ActorNet.Gpu.Solver(solverParameter, new ActorNet.Gpu.Net(solverParameter.NetParam, Phase.Train, seed));
        var data = samples.SelectMany(s => s.Data).ToArray();
        var labels = samples.Select(s => (float)s.Label).ToArray();
        solver.Step(iterations, net =>
        {
            net.Blob("data").SetData(data);
            net.Blob("label").SetData(labels);
        });
        return solver.Net.GetWeights();
    }

    public static ClusterContext Local(int slots = 2) => new($"local[{slots}]", "training-test");
}
