namespace ActorNet.CifarApp;

/// <summary>The settings of a CifarApp run, from the command line.</summary>
/// <param name="Master">The master URL (local-cluster[N], local[N] or actornet://host:port).</param>
/// <param name="Workers">Workers (partitions), or null for the master's parallelism.</param>
/// <param name="Mode">averaging, ps, ps-async or allreduce.</param>
/// <param name="SyncInterval">Iterations per worker between averagings (SparkNet's tau).</param>
/// <param name="Rounds">Rounds, or null for as many as <paramref name="Epochs"/> takes.</param>
/// <param name="Epochs">Passes over the training images when no round count is given.</param>
/// <param name="TestEveryRounds">Rounds between test evaluations, or null for only after the last.</param>
/// <param name="DataFolder">The folder with the CIFAR-10 batch files.</param>
/// <param name="OutputFolder">Where the log, metrics.csv, the model and the mean image go.</param>
/// <param name="ModelPath">The train/test net prototxt.</param>
/// <param name="SolverPath">The solver prototxt.</param>
/// <param name="Threads">CPU threads for the kernels, or null for the default.</param>
/// <param name="Seed">Seed of the weight fillers and the workers' random starts.</param>
/// <param name="Checkpoints">--checkpoint-every and --resume.</param>
/// <param name="Device">--device: where the workers' nets run, or null for each worker node's actornet.gpu.device.</param>
/// <param name="LearningRate">--base-lr, --no-lr-scaling and --lr-warmup (null: the solver's base_lr, scaled linearly).</param>
internal sealed record AppSettings(
    string Master, int? Workers, string Mode, int SyncInterval, int? Rounds, int Epochs, int? TestEveryRounds,
    string DataFolder, string OutputFolder, string ModelPath, string SolverPath, int? Threads, int Seed, Training.RunCheckpoints Checkpoints,
    string? Device = null, Training.RunLearningRate? LearningRate = null)
{
    /// <summary>The driver's configuration (--config, --set, --ui-port, ACTORNET__ variables), or null for none.</summary>
    public Microsoft.Extensions.Configuration.IConfiguration? Configuration { get; init; }

    /// <summary>The training mode --mode and --sync-interval name (throws for a mode this build does not have).</summary>
    public Training.TrainingMode TrainingMode => Training.TrainingMode.FromName(Mode, SyncInterval);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option out of range; applies --threads.</summary>
    public void Validate()
    {
        if (SyncInterval < 1) throw new ArgumentException($"--sync-interval must be at least 1, not {SyncInterval}");
        if (Workers is < 1) throw new ArgumentException($"--workers must be at least 1, not {Workers}");
        if (Rounds is < 1) throw new ArgumentException($"--rounds must be at least 1, not {Rounds}");
        if (Epochs < 1) throw new ArgumentException($"--epochs must be at least 1, not {Epochs}");
        if (TestEveryRounds is < 1) throw new ArgumentException($"--test-every must be at least 1, not {TestEveryRounds}");
        if (Threads is < 1) throw new ArgumentException($"--threads must be at least 1, not {Threads}");
        Checkpoints.Validate();
        LearningRate?.Validate();
        Training.TrainingMode.FromName(Mode, SyncInterval); // an unknown mode throws here, before any cluster starts
        if (!File.Exists(ModelPath)) throw new FileNotFoundException($"--model {ModelPath} does not exist", ModelPath);
        if (!File.Exists(SolverPath)) throw new FileNotFoundException($"--solver {SolverPath} does not exist", SolverPath);
        if (Device is not null) Gpu.ComputeDevice.Parse(Device); // a bad name throws here; the workers check they can run it
        if (Threads is int t) Gpu.ComputeSettings.ThreadCount = t;
    }
}
