using System.CommandLine;

namespace ActorNet.MnistApp;

/// <summary>
/// MnistApp's command line. Any master but <c>local</c> (default <c>local-cluster[2]</c>: a seed and two worker
/// processes on this machine) trains Caffe's LeNet on Fashion-MNIST across that master's workers with the
/// <c>--mode</c> chosen (<see cref="DistributedTraining"/>); <c>--master local</c> trains it in this process with
/// plain Caffe SGD.
/// </summary>
internal static class MnistCli
{
    public static RootCommand Build()
    {
        var master = new Option<string>("--master") { Description = "Where to train: a cluster master for distributed training — local-cluster[N] (a seed and N worker processes on this machine; the default is local-cluster[2]), local[N] (N task slots in this process), actornet://host:port — or local (one process, plain Caffe SGD).", DefaultValueFactory = _ => "local-cluster[2]" };
        var workers = new Option<int?>("--workers") { Description = "Distributed: number of workers, one data partition each (default: the master's parallelism)." };
        var mode = new Option<string?>("--mode") { Description = "Distributed: averaging (SparkNet's model averaging; the default), ps (synchronous parameter server), ps-async (asynchronous parameter server) or allreduce." };
        var syncInterval = new Option<int?>("--sync-interval") { Description = "Distributed: iterations each worker runs per round: between averagings (SparkNet's tau), or between reports for ps and allreduce (default 5)." };
        var rounds = new Option<int?>("--rounds") { Description = "Distributed: rounds (default: as many as --epochs takes)." };
        var data = new Option<string?>("--data") { Description = $"Folder with Fashion-MNIST IDX files (default {FashionMnistData.DefaultFolder}, from the Debian package {FashionMnistData.DebianPackage})." };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the 60000 training images (default 1).", DefaultValueFactory = _ => 1 };
        var testEvery = new Option<int?>("--test-every") { Description = "Test every N iterations (single process; default once per epoch) or every N rounds (distributed; default after the last)." };
        var device = new Option<string?>("--device") { Description = "Where the nets run: cpu, cuda (distributed: each worker its own GPU, worker index modulo the machine's GPUs), cuda:N or ilgpu-cpu (default: cpu; distributed: each worker node's actornet.gpu.device)." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for the kernels (default: all cores, or ACTORNET_THREADS)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the weight initialisation (default 1701, the seed ActorNet nets use when none is given).", DefaultValueFactory = _ => 1701 };
        var shuffle = new Option<bool>("--shuffle") { Description = "Single process: reshuffle the training images every epoch from --seed, as Caffe's ImageData shuffle: true (default: the file's order, as Caffe's Data layer reads its LMDB)." };
        var output = new Option<string?>("--out") { Description = "Folder for the training log, metrics.csv and the model (default runs/mnistapp-<timestamp>)." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Distributed: write the weights and the round to <out>/checkpoints every N rounds and after the last (default 10).", DefaultValueFactory = _ => 10 };
        var baseLr = new Option<float?>("--base-lr") { Description = "Distributed: the per-worker base_lr instead of LeNet's 0.01, before linear scaling (the workers train with it times the number of workers, except ps-async; see --no-lr-scaling)." };
        var lrWarmup = new Option<int?>("--lr-warmup") { Description = "Distributed: iterations over which the scaled learning rate ramps up linearly from the base_lr (Goyal et al.'s warm-up; default 0)." };
        var noLrScaling = new Option<bool>("--no-lr-scaling") { Description = "Distributed: train with the base_lr as it is instead of scaling it linearly with the number of workers (the default for averaging, ps and allreduce)." };
        var resume = new Option<string?>("--resume") { Description = "Distributed: continue a run from its latest checkpoint: a checkpoint folder or a previous run's --out folder (--rounds counts the rounds already done)." };
        var root = new RootCommand("MnistApp: trains Caffe's LeNet (SGD lr 0.01, momentum 0.9, batch 64) on Fashion-MNIST.")
        {
            master, workers, mode, syncInterval, rounds, data, epochs, testEvery, threads, seed, shuffle, output, checkpointEvery, resume, baseLr, noLrScaling, lrWarmup, device,
        };
        var driver = new Rdd.CommandLine.DriverOptions();
        driver.AddTo(root);
        root.SetAction(result =>
        {
            var error = result.InvocationConfiguration.Error;
            string masterUrl = result.GetValue(master)!;
            var single = new MnistSettings(
                result.GetValue(data), result.GetValue(epochs), result.GetValue(testEvery), result.GetValue(threads), result.GetValue(seed),
                result.GetValue(output) ?? Path.Combine("runs", $"mnistapp-{DateTime.Now:yyyyMMdd-HHmmss}"), result.GetValue(shuffle),
                result.GetValue(device));
            try
            {
                // Read first, so that a bad --config or --set is reported before any training starts.
                var configuration = driver.Build(result);
                if (masterUrl == "local")
                {
                    string? distributed = new (string Name, bool Given)[]
                    {
                        ("--workers", result.GetValue(workers) is not null), ("--mode", result.GetValue(mode) is not null),
                        ("--sync-interval", result.GetValue(syncInterval) is not null), ("--rounds", result.GetValue(rounds) is not null),
                        ("--resume", result.GetValue(resume) is not null), ("--base-lr", result.GetValue(baseLr) is not null),
                        ("--no-lr-scaling", result.GetValue(noLrScaling)), ("--lr-warmup", result.GetValue(lrWarmup) is not null),
                    }.FirstOrDefault(o => o.Given).Name;
                    if (distributed is not null)
                    {
                        error.WriteLine($"MnistApp: {distributed} belongs to distributed training; --master local trains in this process without it (use --master local[N] or local-cluster[N]).");
                        return 1;
                    }
                    Training.ComputeConfiguration.Apply(configuration);
                    return SingleProcessTraining.Run(single, result.InvocationConfiguration.Output, error);
                }
                var settings = new DistributedSettings(masterUrl, result.GetValue(workers), result.GetValue(mode) ?? "averaging",
                    result.GetValue(syncInterval) ?? 5, result.GetValue(rounds), result.GetValue(testEvery), single,
                    new Training.RunCheckpoints(result.GetValue(checkpointEvery), result.GetValue(resume)),
                    new Training.RunLearningRate(result.GetValue(baseLr), !result.GetValue(noLrScaling), result.GetValue(lrWarmup) ?? 0)) { Configuration = configuration };
                return DistributedTraining.Run(settings, result.InvocationConfiguration.Output, error);
            }
            catch (Exception e) when (e is IOException or FormatException or ArgumentException or UnauthorizedAccessException or NotSupportedException or Gpu.ComputeDeviceUnavailableException)
            {
                error.WriteLine($"MnistApp: {e.Message}");
                return 1;
            }
        });
        return root;
    }
}

/// <summary>The settings of a single-process run.</summary>
/// <param name="DataFolder">The --data folder, or null for the Debian package's.</param>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="TestEvery">Iterations between tests, or null for once per epoch.</param>
/// <param name="Threads">CPU threads, or null for the default.</param>
/// <param name="Seed">Seed of the weight fillers.</param>
/// <param name="OutputFolder">Where the log, metrics and model go.</param>
/// <param name="Shuffle">Reshuffle the training images every epoch (from the seed) instead of reading them in the file's order.</param>
/// <param name="Device">--device: where the nets run (distributed: the workers'), or null for the default.</param>
internal sealed record MnistSettings(string? DataFolder, int Epochs, int? TestEvery, int? Threads, int Seed, string OutputFolder, bool Shuffle = false, string? Device = null);
