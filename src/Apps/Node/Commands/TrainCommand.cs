using ActorNet.Rdd.CommandLine;
using System.CommandLine;
using ActorNet.Gpu;
using ActorNet.Node.Nets;

namespace ActorNet.Node.Commands;

/// <summary>
/// <c>actornet train</c>: Caffe's <c>caffe train</c>. Trains the solver's net to max_iter, testing every
/// test_interval, printing loss and lr every display iterations, snapshotting every snapshot iterations
/// and at the end; data layers are fed from --data or from a source that is an IDX / CIFAR-10 folder.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var solver = new Option<string>("--solver") { Description = "The solver prototxt (Caffe's SolverParameter).", Required = true };
        var weights = new Option<string?>("--weights") { Description = "Start from these weights (.caffemodel; a comma-separated list is applied in order)." };
        var snapshot = new Option<string?>("--snapshot") { Description = "Resume from this .solverstate." };
        var data = new Option<string?>("--data") { Description = "Folder of IDX (MNIST layout) or CIFAR-10 binary files for the data layers (default: their source, when it is such a folder)." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for the kernels (default: all cores, or ACTORNET_THREADS)." };
        var device = NetLoading.DeviceOption();
        var command = new Command("train", "Train a net from a solver prototxt, as `caffe train`.") { solver, weights, snapshot, data, threads, device };
        command.SetAction(result => CommandErrors.Run(result, () =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            string solverPath = result.GetValue(solver)!;
            string? weightsPath = result.GetValue(weights);
            string? statePath = result.GetValue(snapshot);
            if (weightsPath is not null && statePath is not null)
                throw new ArgumentException("give --weights or --snapshot, not both (as caffe train)");
            NetLoading.ApplyThreads(result.GetValue(threads));
            ComputeDevice on = NetLoading.Device(result.GetValue(device)!);
            if (!File.Exists(solverPath)) throw new FileNotFoundException($"solver file {solverPath} does not exist", solverPath);

            SolverParameter param = ProtoLoader.LoadSolverPrototxt(solverPath, out var warnings);
            NetLoading.PrintWarnings(error, warnings);
            string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(solverPath)) ?? ".";
            SolverNets nets = SolverNets.Resolve(param, solverPath);
            string? dataFolder = result.GetValue(data);

            // Caffe seeds fillers, dropout and crops from random_seed when it is set; ActorNet's fixed default otherwise.
            int seed = param.RandomSeed >= 0 ? (int)param.RandomSeed : 1701;
            DataLayerFeed trainData = DataLayerFeed.Prepare(nets.Train, Phase.Train, dataFolder, baseDirectory, seed: seed);
            var net = NetLoading.Build(trainData.Net, Phase.Train, solverPath, seed, on);
            if (weightsPath is not null) NetLoading.CopyWeights(net, weightsPath);
            var solverRun = new Solver(param, net);
            if (statePath is not null)
            {
                if (!File.Exists(statePath)) throw new FileNotFoundException($"solver state {statePath} does not exist", statePath);
                solverRun.Restore(statePath);
            }
            var tests = new List<TestNet>();
            var describe = new List<string?> { NetLoading.Describe(trainData, Phase.Train) };
            for (int i = 0; i < nets.Tests.Count; i++)
            {
                DataLayerFeed testData = DataLayerFeed.Prepare(nets.Tests[i], Phase.Test, dataFolder, baseDirectory, seed: seed);
                tests.Add(new TestNet(NetLoading.Build(testData.Net, Phase.Test, solverPath, seed, on), param.TestIter[i], testData.Feed));
                describe.Add(NetLoading.Describe(testData, Phase.Test));
            }
            string prefix = SnapshotPrefix(param, solverPath);
            return CommandProgress.Run(output, progress => Solve(progress, new Trainer(solverRun, trainData.Feed, tests), describe, prefix));
        }));
        return command;
    }

    private static int Solve(CommandProgress progress, Trainer trainer, IEnumerable<string?> describe, string prefix)
    {
        Solver solver = trainer.Solver;
        foreach (string? line in describe)
            if (line is not null) progress.Line(line);
        progress.Line($"Solving {solver.Net.Name}");
        progress.Line($"Learning Rate Policy: {solver.Param.LrPolicy}");
        int start = solver.Iteration;
        Action<double> bar = progress.Bar("train", solver.Param.MaxIter - start);
        Action<double>? testBar = null;
        trainer.Iterated += done => bar(done - start);
        trainer.TestBatchDone += (index, batch) =>
        {
            if (batch == 0) testBar = progress.Bar($"test net #{index}", trainer.Solver.Param.TestIter[index]);
            testBar?.Invoke(batch + 1);
        };
        trainer.Displayed += d =>
        {
            progress.Line($"Iteration {d.Iteration} ({NetText.Number(d.IterationsPerSecond)} iter/s), loss = {NetText.Number(d.Loss)}");
            int k = 0;
            foreach (NetOutput output in d.Outputs)
                foreach (string text in NetText.Output(output))
                    progress.Line($"    Train net output #{k++}: {text}");
            progress.Line($"Iteration {d.Iteration}, lr = {NetText.Number(d.LearningRate)}");
        };
        trainer.Tested += (iteration, index, result) =>
        {
            progress.Line($"Iteration {iteration}, Testing net (#{index})");
            int k = 0;
            foreach (NetOutput output in result.Outputs)
                foreach (string text in NetText.Output(output))
                    progress.Line($"    Test net output #{k++}: {text}");
        };
        trainer.Snapshotted += (weights, state) =>
        {
            progress.Line($"Snapshotting to binary proto file {weights}");
            progress.Line($"Snapshotting solver state to binary proto file {state}");
        };
        trainer.Solve(prefix);
        progress.Line($"Iteration {solver.Iteration}, loss = {NetText.Number(solver.SmoothedLoss)}");
        progress.Line("Optimization Done.");
        return 0;
    }

    // Caffe's rule: an empty snapshot_prefix means the solver file's name without its extension.
    private static string SnapshotPrefix(SolverParameter param, string solverPath) =>
        param.HasSnapshotPrefix && param.SnapshotPrefix.Length > 0
            ? param.SnapshotPrefix
            : Path.Combine(Path.GetDirectoryName(solverPath) ?? "", Path.GetFileNameWithoutExtension(solverPath));
}
