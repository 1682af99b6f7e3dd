using ActorNet.Rdd.CommandLine;
using System.CommandLine;
using ActorNet.Gpu;
using ActorNet.Node.Nets;
using Spectre.Console;

namespace ActorNet.Node.Commands;

/// <summary>
/// <c>actornet time</c>: Caffe's <c>caffe time</c>. Times the TRAIN-phase net forward and backward layer by
/// layer on random inputs and prints the per-layer averages as a table, the pass averages and images/s.
/// </summary>
internal static class TimeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The net prototxt.", Required = true };
        var iterations = new Option<int>("--iterations") { Description = "Timed iterations (default 50, as Caffe).", DefaultValueFactory = _ => 50 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for the kernels (default: all cores, or ACTORNET_THREADS)." };
        var device = NetLoading.DeviceOption();
        var data = new Option<string?>("--data") { Description = "Folder of IDX or CIFAR-10 files whose image shape sizes a Data layer (default: the layer's source)." };
        var shape = new Option<string?>("--shape") { Description = "C,H,W of the images for a Data layer whose source is no such folder, e.g. 1,28,28." };
        var command = new Command("time", "Benchmark a net's forward and backward passes layer by layer, as `caffe time`.") { model, iterations, threads, device, data, shape };
        command.SetAction(result => CommandErrors.Run(result, () =>
        {
            string modelPath = result.GetValue(model)!;
            int count = NetLoading.RequireIterations(result.GetValue(iterations));
            NetLoading.ApplyThreads(result.GetValue(threads));
            ComputeDevice on = NetLoading.Device(result.GetValue(device)!);
            NetParameter param = NetLoading.LoadModel(modelPath, result.InvocationConfiguration.Error, out string baseDirectory);
            int[]? fallback = ParseShape(result.GetValue(shape));
            // Only the shape of the images matters here: timing runs on random inputs, as Caffe's often does.
            DataLayerFeed feed = DataLayerFeed.Prepare(param, Phase.Train, result.GetValue(data), baseDirectory, fallback);
            var net = NetLoading.Build(feed.Net, Phase.Train, modelPath, device: on);
            FillRandom(net);
            var output = result.InvocationConfiguration.Output;
            return CommandProgress.Run(output, progress =>
            {
                progress.Line($"Testing for {count} iterations.");
                Action<double> bar = progress.Bar("time", count);
                NetTiming measured = NetTimer.Time(net, count, onIteration: (it, ms) =>
                {
                    progress.Line($"Iteration: {it} forward-backward time: {NetText.Number(ms)} ms.");
                    bar(it);
                });
                return Print(progress, output, net, measured);
            });
        }));
        return command;
    }

    private static int Print(CommandProgress progress, TextWriter output, Net net, NetTiming timing)
    {
        progress.Line("Average time per layer:");
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("layer").AddColumn("type").AddColumn(new TableColumn("forward ms").RightAligned()).AddColumn(new TableColumn("backward ms").RightAligned());
        foreach (LayerTime layer in timing.Layers)
            table.AddRow(Markup.Escape(layer.Name), Markup.Escape(layer.Type), NetText.Number(layer.ForwardMs), NetText.Number(layer.BackwardMs));
        TableTo(output).Write(table);
        progress.Line($"Average Forward pass: {NetText.Number(timing.ForwardMs)} ms");
        progress.Line($"Average Backward pass: {NetText.Number(timing.BackwardMs)} ms");
        progress.Line($"Average Forward-Backward: {NetText.Number(timing.ForwardBackwardMs)} ms");
        progress.Line($"Total Time: {NetText.Number(timing.TotalMs)} ms");
        int batch = BatchSize(net);
        progress.Line($"images/s: {NetText.Number(batch * 1000.0 / timing.ForwardBackwardMs)}");
        return 0;
    }

    // The console the table goes to: the real one on a terminal, otherwise a plain one over the command's writer.
    private static IAnsiConsole TableTo(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(output),
            });

    private static int BatchSize(Net net)
    {
        IReadOnlyList<string> inputs = net.InputBlobNames;
        if (inputs.Count == 0) throw new ArgumentException($"net '{net.Name}' has no inputs, so there is no batch size to turn times into images/s");
        return net.Blob(inputs[0]).ShapeAt(0);
    }

    // The first input gets uniform noise; the others (labels) stay zero, a class every loss layer accepts.
    private static void FillRandom(Net net)
    {
        IReadOnlyList<string> inputs = net.InputBlobNames;
        if (inputs.Count == 0) return;
        Blob data = net.Blob(inputs[0]);
        var random = new Random(1701);
        var values = new float[data.Count];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle();
        data.SetData(values);
    }

    private static int[]? ParseShape(string? text)
    {
        if (text is null) return null;
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || parts.Any(p => !int.TryParse(p, out int v) || v < 1))
            throw new ArgumentException($"--shape expects C,H,W (three positive integers), not '{text}'");
        return [.. parts.Select(int.Parse)];
    }
}
