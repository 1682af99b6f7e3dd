using System.CommandLine;

namespace ActorNet.MnistApp;

/// <summary>
/// MnistApp's command line. Single-process training (<c>--master local</c>, the default) trains Caffe's
/// LeNet on Fashion-MNIST; the distributed options are listed because they belong to this app, but
/// until distributed training exists a master other than <c>local</c> is refused with exit code 2.
/// </summary>
internal static class MnistCli
{
    /// <summary>Exit code for options whose feature is not available yet (distinct from user errors, 1).</summary>
    public const int NotAvailable = 2;

    public static RootCommand Build()
    {
        var master = new Option<string>("--master") { Description = "Where to train: local (this process; the default), local[N], local-cluster[N] or actornet://host:port (distributed: not available yet).", DefaultValueFactory = _ => "local" };
        var workers = new Option<int?>("--workers") { Description = "Distributed: number of workers (not available yet)." };
        var mode = new Option<string?>("--mode") { Description = "Distributed: averaging|ps|allreduce (not available yet)." };
        var syncInterval = new Option<int?>("--sync-interval") { Description = "Distributed: local iterations between synchronisations, SparkNet's tau (not available yet)." };
        var rounds = new Option<int?>("--rounds") { Description = "Distributed: synchronisation rounds (not available yet)." };
        var data = new Option<string?>("--data") { Description = $"Folder with Fashion-MNIST IDX files (default {FashionMnistData.DefaultFolder}, from the Debian package {FashionMnistData.DebianPackage})." };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the 60000 training images (default 1).", DefaultValueFactory = _ => 1 };
        var testEvery = new Option<int?>("--test-every") { Description = "Print loss and test accuracy every N iterations (default: once per epoch)." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for the kernels (default: all cores, or ACTORNET_THREADS)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the weight initialisation (default 1701, the seed ActorNet nets use when none is given).", DefaultValueFactory = _ => 1701 };
        var output = new Option<string?>("--out") { Description = "Folder for the training log, metrics.csv and the model (default runs/mnistapp-<timestamp>)." };
        var root = new RootCommand("MnistApp: trains Caffe's LeNet (SGD lr 0.01, momentum 0.9, batch 64) on Fashion-MNIST.")
        {
            master, workers, mode, syncInterval, rounds, data, epochs, testEvery, threads, seed, output,
        };
        root.SetAction(result =>
        {
            var error = result.InvocationConfiguration.Error;
            string masterUrl = result.GetValue(master)!;
            if (masterUrl != "local")
            {
                error.WriteLine($"MnistApp: distributed training (--master {masterUrl}) is not available yet; run with --master local (the default) to train in this process.");
                return NotAvailable;
            }
            string? distributed = new (string Name, bool Given)[]
            {
                ("--workers", result.GetValue(workers) is not null), ("--mode", result.GetValue(mode) is not null),
                ("--sync-interval", result.GetValue(syncInterval) is not null), ("--rounds", result.GetValue(rounds) is not null),
            }.FirstOrDefault(o => o.Given).Name;
            if (distributed is not null)
            {
                error.WriteLine($"MnistApp: {distributed} belongs to distributed training, which is not available yet; --master local trains in this process without it.");
                return NotAvailable;
            }
            var settings = new MnistSettings(
                result.GetValue(data), result.GetValue(epochs), result.GetValue(testEvery), result.GetValue(threads), result.GetValue(seed),
                result.GetValue(output) ?? Path.Combine("runs", $"mnistapp-{DateTime.Now:yyyyMMdd-HHmmss}"));
            try
            {
                return SingleProcessTraining.Run(settings, result.InvocationConfiguration.Output, error);
            }
            catch (Exception e) when (e is IOException or FormatException or ArgumentException or UnauthorizedAccessException)
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
internal sealed record MnistSettings(string? DataFolder, int Epochs, int? TestEvery, int? Threads, int Seed, string OutputFolder);
