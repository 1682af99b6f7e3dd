using System.Globalization;
using ActorNet.Gpu;
using ActorNet.Rdd;
using ActorNet.Training;

namespace ActorNet.ImageNetApp;

/// <summary>
/// SparkNet's ImageNetApp: trains CaffeNet on tar shards of JPEGs with model averaging. One partition per
/// tar; each worker decodes its tars with libjpeg-turbo and resizes the images to --resize² (256²); the mean
/// image is computed over the training partitions with the RDD engine; the TRAIN Data layer's
/// transform_param (CaffeNet: mean subtraction, random 227×227 crop, mirror) is applied on the workers, the
/// TEST layer's (centre crop) to the validation tars. The crop and mirror of a training image are drawn once
/// per run, when its worker first reads it: the trainer keeps the transformed samples (SparkNet drew them
/// anew for every minibatch).
/// </summary>
internal static class ImageNetTraining
{
    public static int Run(AppSettings settings, TextWriter output, TextWriter error)
    {
        settings.Validate();
        if (!JpegCodec.IsAvailable)
        {
            error.WriteLine($"ImageNetApp: {JpegCodec.MissingLibraryMessage}.");
            return 1;
        }
        if (ImageNetData.Locate(settings.DataFolder, error) is not var (folder, trainTars, valTars)) return 1;

        var net = ProtoLoader.LoadNetPrototxt(settings.ModelPath);
        var solver = ProtoLoader.LoadSolverPrototxtWithNet(settings.SolverPath, net);
        var learningRate = settings.LearningRate ?? new RunLearningRate(null);
        learningRate.ApplyTo(solver);
        var trainLayer = DataLayer(net, Phase.Train, settings.ModelPath);
        var testLayer = DataLayer(net, Phase.Test, settings.ModelPath);
        int batch = (int)trainLayer.DataParam.BatchSize;
        int size = settings.Resize;
        var shape = ImagePreprocessing.OutputShape(trainLayer.TransformParam, 3, size, size);
        if (ImagePreprocessing.OutputShape(testLayer.TransformParam, 3, size, size) != shape)
            throw new ArgumentException($"{settings.ModelPath}: the TRAIN and TEST Data layers crop to different sizes.");
        if (shape.Height > size)
            throw new ArgumentException($"{settings.ModelPath}: crop_size {shape.Height} is larger than --resize {size}.");

        using var context = new ClusterContext(settings.Master, "ImageNetApp", settings.Configuration);
        int workers = settings.Workers ?? context.DefaultParallelism;
        using var record = new TrainingRecord(settings.OutputFolder, output);
        var warnings = new DataWarnings(context, record);
        var accumulator = warnings.Accumulator;

        string trainList = Path.Combine(folder, "train.txt"), valList = Path.Combine(folder, "val.txt");
        var trainImages = context.Parallelize(trainTars, trainTars.Length).FlatMap(tar => ReadShard(tar, trainList, size, accumulator));
        var valImages = context.Parallelize(valTars, valTars.Length).FlatMap(tar => ReadShard(tar, valList, size, accumulator));

        var (mean, trainCount) = ImagePreprocessing.MeanImage(trainImages, 3, size, size);
        CaffeModel.WriteBinaryProto(Path.Combine(settings.OutputFolder, "mean.binaryproto"), mean);
        warnings.Report(0);
        bool meanUsed = trainLayer.TransformParam.HasMeanFile || testLayer.TransformParam.HasMeanFile;

        // Training images stay bytes on the workers and get a fresh random crop and mirror every time they are fed.
        var trainTransform = ImageTransform.From(trainLayer.TransformParam, 3, size, size, mean);
        // Not cached: ImageNet's 50000 validation images at 227×227 floats would take 31 GB; each evaluation decodes them again.
        var test = ImagePreprocessing.Transform(valImages, testLayer.TransformParam, Phase.Test, 3, size, size, mean, settings.Seed);
        var mode = settings.TrainingMode;
        int rounds = settings.Rounds ?? mode.RoundsFor(settings.Epochs, trainCount, workers, batch);
        var trainer = new DistributedTrainer(context, solver)
            .WithWorkers(workers).WithInputShape(shape.Channels, shape.Height, shape.Width).WithSeed(settings.Seed)
            .WithMode(mode).WithTestEvery(settings.TestEveryRounds ?? rounds);
        learningRate.Apply(trainer);
        record.Log(string.Create(CultureInfo.InvariantCulture,
            $"{net.Name} on {trainCount} images in {trainTars.Length} train tars from {folder}, resized to {size}x{size}, {shape.Height}x{shape.Width} crops (mean image computed over them{(meanUsed ? "" : ": not used, the model gives no mean_file")}): master {context.Master}, {workers} workers, {mode} (rounds of {settings.SyncInterval} iterations, batch {batch}, {learningRate.Describe(trainer, mode, solver.BaseLr, workers)}), {rounds} rounds (≈{rounds * (double)workers * batch * settings.SyncInterval / trainCount:0.##} epochs), seed {settings.Seed}"), 0);
        if (settings.Device is not null) trainer.WithDevice(Gpu.ComputeDevice.Parse(settings.Device));
        settings.Checkpoints.Apply(trainer, settings.OutputFolder);
        record.Follow(trainer, rounds);
        trainer.RoundCompleted += report => warnings.Report(report.Round);
        var model = trainer.Fit(trainImages, trainTransform, test, rounds);

        string modelPath = Path.Combine(settings.OutputFolder, "model.caffemodel");
        model.Save(modelPath);
        record.Log(string.Create(CultureInfo.InvariantCulture,
            $"done: test accuracy {record.LastAccuracy:0.####} after {rounds} rounds in {record.Seconds:0.#} s; model in {modelPath} (+ model.prototxt, mean.binaryproto)"), rounds);
        return 0;
    }

    private static LayerParameter DataLayer(NetParameter net, Phase phase, string path) =>
        net.Layer.FirstOrDefault(l => l.Type == "Data" && l.Include.Any(r => r.Phase == phase))
        ?? throw new ArgumentException($"{path} has no Data layer for the {phase} phase (ImageNetApp reads its batch_size and transform_param).");

    // Runs on a worker: decodes one tar shard, reporting skipped entries through the accumulator.
    private static IEnumerable<(byte[] Pixels, int Label)> ReadShard(string tar, string labelList, int size, CollectionAccumulator<string> warnings) =>
        ImageNetShard.Read(tar, ImageNetLabels.Read(labelList), size, report =>
        {
            if (report.HasProblems) warnings.Add(report.ToString());
        });
}
