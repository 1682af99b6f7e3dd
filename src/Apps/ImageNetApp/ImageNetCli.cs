using System.CommandLine;

namespace ActorNet.ImageNetApp;

/// <summary>ImageNetApp's command line: SparkNet's ImageNetApp (CaffeNet on tar shards of JPEGs with model averaging).</summary>
internal static class ImageNetCli
{
    /// <summary>The default master: a seed and two worker processes on this machine, as SparkNet's apps ran on a cluster.</summary>
    public const string DefaultMaster = "local-cluster[2]";

    public static RootCommand Build()
    {
        string models = Path.Combine(AppContext.BaseDirectory, "models", "bvlc_reference_caffenet");
        var master = new Option<string>("--master") { Description = $"Cluster master: local-cluster[N] (N worker processes on this machine; default {DefaultMaster}), local[N] (N task slots in this process), actornet://host:port (a running cluster).", DefaultValueFactory = _ => DefaultMaster };
        var workers = new Option<int?>("--workers") { Description = "Number of workers, one training partition each (default: the master's parallelism)." };
        var mode = new Option<string>("--mode") { Description = "averaging (SparkNet's model averaging; the default), ps (synchronous parameter server), ps-async or allreduce.", DefaultValueFactory = _ => "averaging" };
        var syncInterval = new Option<int>("--sync-interval") { Description = "Iterations each worker runs between averagings, SparkNet's tau (default 50).", DefaultValueFactory = _ => 50 };
        var rounds = new Option<int?>("--rounds") { Description = "Averaging rounds (default: as many as --epochs takes)." };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training images when --rounds is not given (default 1).", DefaultValueFactory = _ => 1 };
        var testEvery = new Option<int?>("--test-every") { Description = "Evaluate the validation tars every N rounds (default: after the last round only)." };
        var data = new Option<string>("--data") { Description = $"Folder with {ImageNetData.Expected} (default ./imagenet). Every worker reads it.", DefaultValueFactory = _ => "imagenet" };
        var output = new Option<string?>("--out") { Description = "Folder for training_log_<ms>.txt, metrics.csv, model.caffemodel, model.prototxt and mean.binaryproto (default runs/imagenetapp-<timestamp>)." };
        var model = new Option<string>("--model") { Description = "Train/val net prototxt with TRAIN and TEST Data layers (default: the repo's bvlc_reference_caffenet/train_val.prototxt, CaffeNet: batch 256, 227x227 crops, mirror; batch_size and transform_param come from it). A smaller net here makes a quick run.", DefaultValueFactory = _ => Path.Combine(models, "train_val.prototxt") };
        var solver = new Option<string>("--solver") { Description = "Solver prototxt (default: the repo's bvlc_reference_caffenet/solver.prototxt: SGD lr 0.01, momentum 0.9, step policy).", DefaultValueFactory = _ => Path.Combine(models, "solver.prototxt") };
        var device = new Option<string?>("--device") { Description = "Where the workers' nets run: cpu, cuda (each worker its own GPU: worker index modulo the machine's GPUs), cuda:N or ilgpu-cpu (default: each worker node's actornet.gpu.device, cpu unless configured)." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for the kernels (default: all cores, or ACTORNET_THREADS)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the weight initialisation, the workers' random start offsets and the random crops and mirrors (default 1701).", DefaultValueFactory = _ => 1701 };
        var resize = new Option<int>("--resize") { Description = "Side of the square every JPEG is resized to (bilinear, as Caffe's convert_imageset) before the crop (default 256).", DefaultValueFactory = _ => 256 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write the weights and the round to <out>/checkpoints every N rounds and after the last (default 10).", DefaultValueFactory = _ => 10 };
        var baseLr = new Option<float?>("--base-lr") { Description = "The per-worker base_lr instead of the solver prototxt's, before linear scaling (the workers train with it times the number of workers, except ps-async; see --no-lr-scaling)." };
        var noLrScaling = new Option<bool>("--no-lr-scaling") { Description = "Train with the base_lr as it is instead of scaling it linearly with the number of workers (the default for averaging, ps and allreduce)." };
        var lrWarmup = new Option<int?>("--lr-warmup") { Description = "Iterations over which the scaled learning rate ramps up linearly from the base_lr (Goyal et al.'s warm-up; default 0)." };
        var resume = new Option<string?>("--resume") { Description = "Continue a run from its latest checkpoint: a checkpoint folder or a previous run's --out folder (--rounds counts the rounds already done)." };
        var root = new RootCommand("ImageNetApp: SparkNet's ImageNetApp — trains CaffeNet on tar shards of JPEGs (decoded with libjpeg-turbo, Debian package libturbojpeg0) with model averaging across workers, the mean image computed with the RDD engine.")
        {
            master, workers, mode, syncInterval, rounds, epochs, testEvery, data, output, model, solver, threads, seed, resize, checkpointEvery, resume, device, baseLr, noLrScaling, lrWarmup,
        };
        var driver = new Rdd.CommandLine.DriverOptions();
        driver.AddTo(root);
        root.SetAction(result =>
        {
            var error = result.InvocationConfiguration.Error;
            var settings = new AppSettings(
                result.GetValue(master)!, result.GetValue(workers), result.GetValue(mode)!, result.GetValue(syncInterval), result.GetValue(rounds),
                result.GetValue(epochs), result.GetValue(testEvery), result.GetValue(data)!,
                result.GetValue(output) ?? Path.Combine("runs", $"imagenetapp-{DateTime.Now:yyyyMMdd-HHmmss}"),
                result.GetValue(model)!, result.GetValue(solver)!, result.GetValue(threads), result.GetValue(seed), result.GetValue(resize), new Training.RunCheckpoints(result.GetValue(checkpointEvery), result.GetValue(resume)), result.GetValue(device),
                new Training.RunLearningRate(result.GetValue(baseLr), !result.GetValue(noLrScaling), result.GetValue(lrWarmup) ?? 0));
            try
            {
                settings = settings with { Configuration = driver.Build(result) };
                return ImageNetTraining.Run(settings, result.InvocationConfiguration.Output, error);
            }
            catch (Exception e) when (e is IOException or FormatException or ArgumentException or UnauthorizedAccessException or NotSupportedException or ActorNet.Rdd.RddJobException)
            {
                error.WriteLine($"ImageNetApp: {(e is ActorNet.Rdd.RddJobException { TaskExceptionMessage: string task } && !e.Message.Contains(task, StringComparison.Ordinal) ? $"{e.Message}: {task}" : e.Message)}");
                return 1;
            }
        });
        return root;
    }
}
