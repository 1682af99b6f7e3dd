using ActorNet.Bench.Net;
using System.Diagnostics;
using ActorNet.Gpu;

// Usage: ActorNet.Bench.Net <models-dir> <threads> [lenet|cifar-train|cifar-infer|sgemm|all|layers-lenet|layers-cifar|phases-lenet|phases-cifar|kernel] [auto|managed|openblas]
// Prints one line per measurement: "<name> threads=<T> <value> <unit>".
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ActorNet.Bench.Net <models-dir> <threads> [lenet|cifar-train|cifar-infer|sgemm|all]");
    return 2;
}
string models = args[0];
int threads = int.Parse(args[1]);
string what = args.Length > 2 ? args[2] : "all";
ComputeSettings.ThreadCount = threads;
// The GEMM provider, as actornet.gpu.blas names it (default auto).
var blas = args.Length > 3 ? ComputeSettings.ParseGemm(args[3]) : GemmProvider.Auto;
ComputeSettings.Gemm = blas;

if (what is "lenet" or "all")
{
    Report("lenet_train", Train(Path.Combine(models, "lenet", "lenet_train_test.prototxt"), 64, 1, 28, warmup: 20, iterations: 150), "images/s");
}
if (what is "cifar-train" or "all")
{
    Report("cifar10_quick_train", Train(Path.Combine(models, "cifar10_quick", "cifar10_quick_train_test.prototxt"), 100, 3, 32, warmup: 5, iterations: 40), "images/s");
}
if (what is "cifar-infer" or "all")
{
    Report("cifar10_quick_infer", Infer(Path.Combine(models, "cifar10_quick", "cifar10_quick_train_test.prototxt"), 100, 3, 32, warmup: 5, iterations: 60), "images/s");
}
if (what is "sgemm" or "all")
{
    // Managed and OpenBLAS runs alternate so that load from other processes hits both alike; best of each.
    var (managed, openBlas) = Sgemm(ComputeSettings.OpenBlasAvailable);
    Report("sgemm2048_managed", managed, "GFLOPS");
    if (ComputeSettings.OpenBlasAvailable)
    {
        Report("sgemm2048_openblas", openBlas, "GFLOPS");
    }
}
if (what is "layers-lenet" or "layers-cifar")
{
    bool lenet = what == "layers-lenet";
    string file = lenet ? Path.Combine(models, "lenet", "lenet_train_test.prototxt") : Path.Combine(models, "cifar10_quick", "cifar10_quick_train_test.prototxt");
    var param = ProtoLoader.ReplaceDataLayers(ProtoLoader.LoadNetPrototxt(file), lenet ? 64 : 100, lenet ? 64 : 100, lenet ? 1 : 3, lenet ? 28 : 32, lenet ? 28 : 32);
    var net = new Net(param, Phase.Train);
    Feed(net, new Random(1), 10);
    foreach (var (layer, forward, backward) in LayerTimer.Time(net, 20))
    {
        Console.WriteLine($"{layer,-12} forward {forward:F3} ms  backward {backward:F3} ms");
    }
}
if (what is "phases-lenet" or "phases-cifar")
{
    // Where a training step's wall time goes besides the layers: feeding, forward + backward, the solver's update.
    bool lenet = what == "phases-lenet";
    string file = lenet ? Path.Combine(models, "lenet", "lenet_train_test.prototxt") : Path.Combine(models, "cifar10_quick", "cifar10_quick_train_test.prototxt");
    int batch = lenet ? 64 : 100;
    var param = ProtoLoader.ReplaceDataLayers(ProtoLoader.LoadNetPrototxt(file), batch, batch, lenet ? 1 : 3, lenet ? 28 : 32, lenet ? 28 : 32);
    var solver = new Solver(new SolverParameter { BaseLr = 0.01f, Momentum = 0.9f, LrPolicy = "fixed" }, new Net(param, Phase.Train));
    var rng = new Random(1);
    double feed = 0, passes = 0, update = 0;
    int steps = lenet ? 150 : 40;
    for (int i = 0; i < steps + 20; i++)
    {
        if (i == 20) feed = passes = update = 0;
        var clock = BenchClock.Start();
        Feed(solver.Net, rng, 10);
        feed += clock.Seconds;
        clock = BenchClock.Start();
        solver.ComputeGradients();
        passes += clock.Seconds;
        clock = BenchClock.Start();
        solver.ApplyGradients();
        update += clock.Seconds;
    }
    Console.WriteLine($"feed {feed * 1000 / steps:F3} ms  forward+backward {passes * 1000 / steps:F3} ms  update {update * 1000 / steps:F3} ms per step");
}
if (what == "conv-probe")
{
    ConvProbe.RunAll();
}
if (what == "kernel")
{
    Report("microkernel_8x48_l1", KernelPeak(), "GFLOPS");
}
return 0;

void Report(string name, double value, string unit) => Console.WriteLine($"{name} threads={threads} {value:F1} {unit}");

static void Feed(Net net, Random rng, int classes)
{
    var data = net.Blob("data");
    var values = new float[data.Count];
    for (int i = 0; i < values.Length; i++)
    {
        values[i] = rng.NextSingle();
    }
    data.SetData(values);
    var label = net.Blob("label");
    var labels = new float[label.Count];
    for (int i = 0; i < labels.Length; i++)
    {
        labels[i] = rng.Next(classes);
    }
    label.SetData(labels);
}

static double Train(string prototxt, int batch, int channels, int size, int warmup, int iterations)
{
    var param = ProtoLoader.ReplaceDataLayers(ProtoLoader.LoadNetPrototxt(prototxt), batch, batch, channels, size, size);
    var solver = new Solver(new SolverParameter { BaseLr = 0.01f, Momentum = 0.9f, LrPolicy = "fixed" }, new Net(param, Phase.Train));
    var rng = new Random(1);
    solver.Step(warmup, n => Feed(n, rng, 10));
    var clock = BenchClock.Start();
    solver.Step(iterations, n => Feed(n, rng, 10));
    return batch * iterations / clock.Seconds;
}

static double Infer(string prototxt, int batch, int channels, int size, int warmup, int iterations)
{
    var param = ProtoLoader.ReplaceDataLayers(ProtoLoader.LoadNetPrototxt(prototxt), batch, batch, channels, size, size);
    var net = new Net(param, Phase.Test);
    var rng = new Random(1);
    Feed(net, rng, 10);
    for (int i = 0; i < warmup; i++)
    {
        net.Forward();
    }
    var clock = BenchClock.Start();
    for (int i = 0; i < iterations; i++)
    {
        net.Forward();
    }
    return batch * iterations / clock.Seconds;
}

static (double Managed, double OpenBlas) Sgemm(bool withOpenBlas)
{
    const int n = 2048;
    var a = new Blob(n, n);
    var b = new Blob(n, n);
    var c = new Blob(n, n);
    var rng = new Random(2);
    var values = new float[n * n];
    for (int i = 0; i < values.Length; i++)
    {
        values[i] = rng.NextSingle() - 0.5f;
    }
    a.SetData(values);
    b.SetData(values);
    var chosen = ComputeSettings.Gemm;
    double bestManaged = double.MaxValue, bestBlas = double.MaxValue;
    for (int rep = 0; rep < 5; rep++)
    {
        bestManaged = Math.Min(bestManaged, Time(GemmProvider.Managed));
        if (withOpenBlas)
        {
            bestBlas = Math.Min(bestBlas, Time(GemmProvider.OpenBlas));
        }
    }
    ComputeSettings.Gemm = chosen;
    double flops = 2.0 * n * n * n;
    return (flops / bestManaged / 1e9, withOpenBlas ? flops / bestBlas / 1e9 : 0);

    double Time(GemmProvider provider)
    {
        ComputeSettings.Gemm = provider;
        var clock = BenchClock.Start();
        ActorNet.Gpu.Backends.Cpu.CpuBackend.Default.Gemm(false, false, n, n, n, 1f, a.Data, 0, b.Data, 0, 0f, c.Data, 0);
        return clock.Seconds;
    }
}

static unsafe double KernelPeak()
{
    const int kc = 256;
    var a = GC.AllocateArray<float>(8 * kc, pinned: true);
    var b = GC.AllocateArray<float>(48 * kc, pinned: true);
    var c = GC.AllocateArray<float>(8 * 48, pinned: true);
    fixed (float* pa = a, pb = b, pc = c)
    {
        double best = double.MaxValue;
        for (int rep = 0; rep < 5; rep++)
        {
            var watch = BenchClock.Start();
            for (int i = 0; i < 20000; i++)
            {
                ActorNet.Gpu.Backends.Cpu.GemmMicroKernels.Kernel8x48(kc, pa, pb, 48, pc, 48, false);
            }
            best = Math.Min(best, watch.Seconds);
        }
        return 20000.0 * 8 * 48 * kc * 2 / best / 1e9;
    }
}
