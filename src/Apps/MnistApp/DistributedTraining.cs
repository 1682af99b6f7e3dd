using System.Globalization;
using ActorNet.Gpu;
using ActorNet.Rdd;
using ActorNet.Training;

namespace ActorNet.MnistApp;

/// <summary>
/// Trains LeNet on Fashion-MNIST across workers with <see cref="DistributedTrainer"/> (SparkNet's
/// MnistApp): each worker reads its slice of the IDX files itself — the data folder must exist on every
/// worker, as SparkNet's workers read their local copy — scales pixels by 1/256 as the Data layer's
/// transform_param says, and the trainer combines the workers with the chosen mode.
/// </summary>
internal static class DistributedTraining
{
    public static int Run(DistributedSettings settings, TextWriter output, TextWriter error)
    {
        if (settings.SyncInterval < 1) throw new ArgumentException($"--sync-interval must be at least 1, not {settings.SyncInterval}");
        if (settings.Workers is < 1) throw new ArgumentException($"--workers must be at least 1, not {settings.Workers}");
        settings.LearningRate.Validate();
        if (settings.Rounds is < 1) throw new ArgumentException($"--rounds must be at least 1, not {settings.Rounds}");
        var mode = TrainingMode.FromName(settings.Mode, settings.SyncInterval);
        settings.Checkpoints.Validate();
        if (settings.Single.Threads is int t) ComputeSettings.ThreadCount = t;
        string? dataFolder = FashionMnistData.Locate(settings.Single.DataFolder, output, error);
        if (dataFolder is null) return 1;
        dataFolder = Path.GetFullPath(dataFolder);

        string models = Path.Combine(AppContext.BaseDirectory, "models", "lenet");
        var net = ProtoLoader.LoadNetPrototxt(Path.Combine(models, "lenet_train_test.prototxt"));
        var solver = ProtoLoader.LoadSolverPrototxtWithNet(Path.Combine(models, "lenet_solver.prototxt"), net);
        settings.LearningRate.ApplyTo(solver);
        int batch = (int)net.Layer.First(l => l.Type == "Data" && l.Include.Any(r => r.Phase == Phase.Train)).DataParam.BatchSize;

        using var context = new ClusterContext(settings.Master, "MnistApp", settings.Configuration);
        int workers = settings.Workers ?? context.DefaultParallelism;
        var train = Slices(context, dataFolder, train: true, workers);
        var test = Slices(context, dataFolder, train: false, workers);
        const int trainImages = 60000;
        int rounds = settings.Rounds ?? mode.RoundsFor(settings.Single.Epochs, trainImages, workers, batch);

        var trainer = new DistributedTrainer(context, solver)
            .WithWorkers(workers).WithInputShape(1, 28, 28).WithSeed(settings.Single.Seed)
            .WithMode(mode).WithTestEvery(settings.TestEveryRounds ?? rounds);
        settings.LearningRate.Apply(trainer);
        if (settings.Single.Device is not null) trainer.WithDevice(ComputeDevice.Parse(settings.Single.Device));

        using var log = new TrainingRecord(settings.Single.OutputFolder, output);
        log.Log($"LeNet on Fashion-MNIST from {dataFolder}: master {context.Master}, {workers} workers, {mode} (rounds of {settings.SyncInterval} iterations, batch {batch}, {settings.LearningRate.Describe(trainer, mode, solver.BaseLr, workers)}), {rounds} rounds (≈{rounds * (double)workers * batch * settings.SyncInterval / trainImages:0.##} epochs), seed {settings.Single.Seed}", 0);

        settings.Checkpoints.Apply(trainer, settings.Single.OutputFolder);
        log.Follow(trainer, rounds);
        var model = trainer.Fit(train, test, rounds);
        string modelPath = Path.Combine(settings.Single.OutputFolder, "model.caffemodel");
        model.Save(modelPath);
        log.Log(string.Create(CultureInfo.InvariantCulture, $"done: test accuracy {log.LastAccuracy:0.####} after {rounds} rounds in {log.Seconds:0.#} s; model in {modelPath}"), rounds);
        return 0;
    }

    // One partition per worker; each reads its contiguous slice of the IDX files where it runs.
    private static Rdd<(float[] Data, int Label)> Slices(ClusterContext context, string folder, bool train, int workers) =>
        context.Parallelize(Enumerable.Range(0, workers), workers).FlatMap(slice => ReadSlice(folder, train, slice, workers));

    private static IEnumerable<(float[] Data, int Label)> ReadSlice(string folder, bool train, int slice, int slices)
    {
        var images = IdxFile.ReadMnistFolder(folder, train);
        int from = (int)((long)slice * images.Count / slices), to = (int)((long)(slice + 1) * images.Count / slices);
        for (int i = from; i < to; i++)
        {
            var pixels = images.Image(i);
            var data = new float[pixels.Length];
            for (int p = 0; p < data.Length; p++) data[p] = pixels[p] * 0.00390625f;
            yield return (data, images.Labels[i]);
        }
    }
}

/// <summary>The settings of a distributed run.</summary>
/// <param name="Master">The master URL (local[N], local-cluster[N], actornet://…).</param>
/// <param name="Workers">Workers (partitions), or null for the context's parallelism.</param>
/// <param name="Mode">averaging, ps, ps-async or allreduce.</param>
/// <param name="SyncInterval">Iterations per worker between averagings (SparkNet's tau).</param>
/// <param name="Rounds">Rounds, or null for as many as --epochs takes.</param>
/// <param name="TestEveryRounds">Rounds between test evaluations, or null for only after the last.</param>
/// <param name="Single">Data folder, epochs, threads, seed and output folder, shared with single-process runs.</param>
/// <param name="Checkpoints">--checkpoint-every and --resume.</param>
/// <param name="LearningRate">--base-lr, --no-lr-scaling and --lr-warmup.</param>
internal sealed record DistributedSettings(string Master, int? Workers, string Mode, int SyncInterval, int? Rounds, int? TestEveryRounds, MnistSettings Single,
    RunCheckpoints Checkpoints, RunLearningRate LearningRate)
{
    /// <summary>The driver's configuration (--config, --set, --ui-port, ACTORNET__ variables), or null for none.</summary>
    public Microsoft.Extensions.Configuration.IConfiguration? Configuration { get; init; }
}
