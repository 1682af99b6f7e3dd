using System.Globalization;
using ActorNet.Gpu;
using ActorNet.Training;

namespace ActorNet.MnistApp;

/// <summary>
/// Trains Caffe's LeNet (models/lenet: SGD lr 0.01 with the inv policy, momentum 0.9, weight decay
/// 0.0005, batch 64, pixels scaled by 1/256) on Fashion-MNIST in this process, testing on the full
/// test set once per epoch (or every --test-every iterations). Writes SparkNet's training log,
/// metrics.csv and the final model (model.caffemodel and model.prototxt) to the output folder.
/// </summary>
internal static class SingleProcessTraining
{
    public static int Run(MnistSettings settings, TextWriter output, TextWriter error)
    {
        if (settings.Epochs < 1) throw new ArgumentException($"--epochs must be at least 1, not {settings.Epochs}");
        if (settings.TestEvery is < 1) throw new ArgumentException($"--test-every must be at least 1, not {settings.TestEvery}");
        if (settings.Threads is int t)
        {
            if (t < 1) throw new ArgumentException($"--threads must be at least 1, not {t}");
            ComputeSettings.ThreadCount = t;
        }
        string? dataFolder = FashionMnistData.Locate(settings.DataFolder, output, error);
        if (dataFolder is null) return 1;
        dataFolder = Path.GetFullPath(dataFolder);

        string models = Path.Combine(AppContext.BaseDirectory, "models", "lenet");
        NetParameter definition = ProtoLoader.LoadNetPrototxt(Path.Combine(models, "lenet_train_test.prototxt"));
        // The saved prototxt reads from the data folder, so `actornet test --model` runs on it as it is.
        foreach (LayerParameter layer in definition.Layer.Where(l => l.Type == "Data"))
            layer.DataParam.Source = dataFolder;

        DataLayerFeed train = DataLayerFeed.Prepare(definition, Phase.Train, dataFolder, seed: settings.Seed, shuffle: settings.Shuffle);
        DataLayerFeed test = DataLayerFeed.Prepare(definition, Phase.Test, dataFolder);
        ImageBatches trainBatches = train.Batches!;
        ImageBatches testBatches = test.Batches!;
        int trainImages = train.ImageCount;
        int testImages = test.ImageCount;
        int perEpoch = (trainImages + trainBatches.BatchSize - 1) / trainBatches.BatchSize;
        int testEvery = settings.TestEvery ?? perEpoch;

        SolverParameter param = ProtoLoader.LoadSolverPrototxt(Path.Combine(models, "lenet_solver.prototxt"));
        param.MaxIter = perEpoch * settings.Epochs;
        param.TestInterval = testEvery;
        param.TestInitialization = false;
        param.TestIter.Clear();
        param.TestIter.Add((testImages + testBatches.BatchSize - 1) / testBatches.BatchSize);
        param.Display = 0;
        param.Snapshot = 0;
        param.SnapshotAfterTrain = false;
        param.AverageLoss = Math.Min(testEvery, 100);

        var device = settings.Device is null ? ComputeDevice.Cpu : ComputeDevice.Parse(settings.Device);
        var solver = new Solver(param, new Net(train.Net, Phase.Train, device, settings.Seed));
        var trainer = new Trainer(solver, train.Feed, [new TestNet(new Net(test.Net, Phase.Test, device, settings.Seed), param.TestIter[0], test.Feed)]);
        using var log = new TrainingRecord(settings.OutputFolder, output);
        log.Log($"LeNet on {trainImages} Fashion-MNIST images from {dataFolder}: {settings.Epochs} epoch(s) of {perEpoch} iterations (batch {trainBatches.BatchSize}), {ComputeSettings.ThreadCount} thread(s), seed {settings.Seed}", 0);

        float? accuracy = null;
        trainer.Tested += (iteration, _, result) =>
        {
            accuracy = result.Value("accuracy");
            float loss = solver.SmoothedLoss;
            double epoch = (double)iteration / perEpoch;
            log.Log(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch:0.##}: loss = {loss:0.####}, test accuracy = {accuracy:0.####}"), iteration);
            log.Metrics(iteration, log.Seconds, loss, accuracy);
        };
        trainer.Solve(Path.Combine(settings.OutputFolder, "lenet"));
        if (solver.Iteration % testEvery != 0) trainer.TestAll();

        string modelPath = Path.Combine(settings.OutputFolder, "model.caffemodel");
        string prototxtPath = Path.Combine(settings.OutputFolder, "model.prototxt");
        solver.Net.SaveCaffeModel(modelPath);
        File.WriteAllText(prototxtPath, ProtoLoader.ToPrototxt(definition));
        log.Log(string.Create(CultureInfo.InvariantCulture, $"done: test accuracy {accuracy:0.####} after {solver.Iteration} iterations in {log.Seconds:0.#} s; model in {modelPath}"), solver.Iteration);
        output.WriteLine($"Score it again with: actornet test --model {prototxtPath} --weights {modelPath} --iterations {param.TestIter[0]}");
        return 0;
    }
}
