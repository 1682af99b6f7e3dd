using ActorNet.Rdd.CommandLine;
using System.CommandLine;
using ActorNet.Gpu;
using ActorNet.Node.Nets;

namespace ActorNet.Node.Commands;

/// <summary>
/// <c>actornet test</c>: Caffe's <c>caffe test</c>. Runs the TEST-phase net with the given weights for
/// --iterations batches, printing every output blob per batch, then the averages.
/// </summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The net prototxt.", Required = true };
        var weights = new Option<string>("--weights") { Description = "Trained weights (.caffemodel; a comma-separated list is applied in order).", Required = true };
        var iterations = new Option<int>("--iterations") { Description = "Batches to run (default 50, as Caffe).", DefaultValueFactory = _ => 50 };
        var data = new Option<string?>("--data") { Description = "Folder of IDX (MNIST layout) or CIFAR-10 binary files; its test set feeds the data layer (default: the layer's source)." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for the kernels (default: all cores, or ACTORNET_THREADS)." };
        var device = NetLoading.DeviceOption();
        var command = new Command("test", "Score a trained net on test data, as `caffe test`.") { model, weights, iterations, data, threads, device };
        command.SetAction(result => CommandErrors.Run(result, () =>
        {
            string modelPath = result.GetValue(model)!;
            int count = NetLoading.RequireIterations(result.GetValue(iterations));
            NetLoading.ApplyThreads(result.GetValue(threads));
            ComputeDevice on = NetLoading.Device(result.GetValue(device)!);
            NetParameter param = NetLoading.LoadModel(modelPath, result.InvocationConfiguration.Error, out string baseDirectory);
            DataLayerFeed feed = DataLayerFeed.Prepare(param, Phase.Test, result.GetValue(data), baseDirectory);
            var net = NetLoading.Build(feed.Net, Phase.Test, modelPath, device: on);
            NetLoading.CopyWeights(net, result.GetValue(weights)!);
            return CommandProgress.Run(result.InvocationConfiguration.Output, progress => Run(progress, net, feed, count));
        }));
        return command;
    }

    private static int Run(CommandProgress progress, Net net, DataLayerFeed feed, int iterations)
    {
        if (NetLoading.Describe(feed, Phase.Test) is string source) progress.Line(source);
        progress.Line($"Running for {iterations} iterations.");
        Action<double> bar = progress.Bar("test", iterations);
        TestResult result = NetTester.Test(net, iterations, feed.Feed, (batch, _, outputs) =>
        {
            foreach (NetOutput output in outputs)
                foreach (string text in NetText.Output(output with { LossWeight = 0f }))
                    progress.Line($"Batch {batch}, {text}");
            bar(batch + 1);
        });
        progress.Line($"Loss: {NetText.Number(result.Loss)}");
        foreach (NetOutput output in result.Outputs)
            foreach (string text in NetText.Output(output))
                progress.Line(text);
        return 0;
    }
}
