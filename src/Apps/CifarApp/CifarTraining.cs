using System.Globalization;
using ActorNet.Gpu;
using ActorNet.Rdd;
using ActorNet.Training;

namespace ActorNet.CifarApp;

/// <summary>
/// SparkNet's CifarApp: trains cifar10_quick on CIFAR-10's binary batches with model averaging. Each worker
/// reads its slices of the batch files itself; the mean image is computed over the training partitions with
/// the RDD engine (as SparkNet did, instead of Caffe's mean.binaryproto) and subtracted as the Data layer's
/// transform_param says; the trainer averages the workers' weights every sync interval.
/// </summary>
internal static class CifarTraining
{
    public static int Run(AppSettings settings, TextWriter output, TextWriter error)
    {
        settings.Validate();
        string? folder = CifarData.Locate(settings.DataFolder, error);
        if (folder is null) return 1;

        var net = ProtoLoader.LoadNetPrototxt(settings.ModelPath);
        var solver = ProtoLoader.LoadSolverPrototxtWithNet(settings.SolverPath, net);
        var learningRate = settings.LearningRate ?? new RunLearningRate(null);
        learningRate.ApplyTo(solver);
        var trainLayer = DataLayer(net, Phase.Train, settings.ModelPath);
        var testLayer = DataLayer(net, Phase.Test, settings.ModelPath);
        int batch = (int)trainLayer.DataParam.BatchSize;
        var shape = ImagePreprocessing.OutputShape(trainLayer.TransformParam, 3, 32, 32);

        using var context = new ClusterContext(settings.Master, "CifarApp", settings.Configuration);
        int workers = settings.Workers ?? context.DefaultParallelism;
        using var record = new TrainingRecord(settings.OutputFolder, output);
        var warnings = new DataWarnings(context, record);

        var accumulator = warnings.Accumulator;
        var trainPlan = CifarData.Plan(folder, CifarData.TrainFiles, workers);
        var trainImages = context.Parallelize(trainPlan, trainPlan.Length)
            .FlatMap(part => ReadSlice(part, accumulator));
        var testPlan = CifarData.Plan(folder, [CifarData.TestFile], workers);
        var testImages = context.Parallelize(testPlan, testPlan.Length).FlatMap(part => ReadSlice(part, accumulator));

        BlobData? mean = null;
        long trainCount;
        if (trainLayer.TransformParam.HasMeanFile || testLayer.TransformParam.HasMeanFile)
        {
            (mean, trainCount) = ImagePreprocessing.MeanImage(trainImages, 3, 32, 32);
            CaffeModel.WriteBinaryProto(Path.Combine(settings.OutputFolder, "mean.binaryproto"), mean);
        }
        else
        {
            trainCount = trainImages.Count();
        }
        warnings.Report(0);
        if (trainCount == 0) throw new ArgumentException($"The training batches in {folder} hold no whole records.");

        // Training images stay bytes on the workers and get their transform (crop, mirror) anew every time they are fed.
        var trainTransform = ImageTransform.From(trainLayer.TransformParam, 3, 32, 32, mean);
        var test = ImagePreprocessing.Transform(testImages, testLayer.TransformParam, Phase.Test, 3, 32, 32, mean, settings.Seed).Cache();
        var mode = settings.TrainingMode;
        int rounds = settings.Rounds ?? mode.RoundsFor(settings.Epochs, trainCount, workers, batch);
        var trainer = new DistributedTrainer(context, solver)
            .WithWorkers(workers).WithInputShape(shape.Channels, shape.Height, shape.Width).WithSeed(settings.Seed)
            .WithMode(mode).WithTestEvery(settings.TestEveryRounds ?? rounds);
        learningRate.Apply(trainer);
        record.Log(string.Create(CultureInfo.InvariantCulture,
            $"{net.Name} on {trainCount} CIFAR-10 images from {folder} (mean image computed over them{(mean is null ? ": not used, the model gives no mean_file" : "")}): master {context.Master}, {workers} workers, {mode} (rounds of {settings.SyncInterval} iterations, batch {batch}, {learningRate.Describe(trainer, mode, solver.BaseLr, workers)}), {rounds} rounds (≈{rounds * (double)workers * batch * settings.SyncInterval / trainCount:0.##} epochs), seed {settings.Seed}"), 0);
        if (settings.Device is not null) trainer.WithDevice(Gpu.ComputeDevice.Parse(settings.Device));
        settings.Checkpoints.Apply(trainer, settings.OutputFolder);
        record.Follow(trainer, rounds);
        trainer.RoundCompleted += report => warnings.Report(report.Round);
        var model = trainer.Fit(trainImages, trainTransform, test, rounds);
        test.Unpersist();

        string modelPath = Path.Combine(settings.OutputFolder, "model.caffemodel");
        model.Save(modelPath);
        record.Log(string.Create(CultureInfo.InvariantCulture,
            $"done: test accuracy {record.LastAccuracy:0.####} after {rounds} rounds in {record.Seconds:0.#} s; model in {modelPath} (+ model.prototxt{(mean is null ? "" : ", mean.binaryproto")})"), rounds);
        return 0;
    }

    private static LayerParameter DataLayer(NetParameter net, Phase phase, string path) =>
        net.Layer.FirstOrDefault(l => l.Type == "Data" && l.Include.Any(r => r.Phase == phase))
        ?? throw new ArgumentException($"{path} has no Data layer for the {phase} phase (CifarApp reads its batch_size and transform_param).");

    // Runs on a worker: reads one slice of one batch file, reporting a truncated file through the accumulator.
    private static IEnumerable<(byte[] Pixels, int Label)> ReadSlice((string Path, int Slice, int Slices) part, CollectionAccumulator<string> warnings)
    {
        var slice = CifarBatchSlice.Read(part.Path, part.Slice, part.Slices);
        if (slice.Warning is not null) warnings.Add(slice.Warning);
        var images = slice.Images;
        for (int i = 0; i < images.Count; i++) yield return (images.Image(i).ToArray(), images.Labels[i]);
    }
}
