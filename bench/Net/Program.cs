using ActorNet.Bench.Net;
using System.Diagnostics;
using ActorNet.Gpu;

// Usage: ActorNet.Bench.Net <models-dir> <threads> [lenet|cifar-train|cifar-infer|sgemm|all]
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

if (what is "lenet" or "all")
{
    Report("lenet_train", Train(Path.Combine(models, "lenet", "lenet_train_test.prototxt"), 64, 1, 28, warmup: 5, iterations: 30), "images/s");
}
if (what is "cifar-train" or "all")
{
    Report("cifar10_quick_train", Train(Path.Combine(models, "cifar10_quick", "cifar10_quick_train_test.prototxt"), 100, 3, 32, warmup: 3, iterations: 12), "images/s");
}
if (what is "cifar-infer" or "all")
{
    Report("cifar10_quick_infer", Infer(Path.Combine(models, "cifar10_quick", "cifar10_quick_train_test.prototxt"), 100, 3, 32, warmup: 3, iterations: 20), "images/s");
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
if (what == "conv-parts")
{
    ConvParts();
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
    double bestManaged = double.MaxValue, bestBlas = double.MaxValue;
    for (int rep = 0; rep < 5; rep++)
    {
        bestManaged = Math.Min(bestManaged, Time(GemmProvider.Managed));
        if (withOpenBlas)
        {
            bestBlas = Math.Min(bestBlas, Time(GemmProvider.OpenBlas));
        }
    }
    ComputeSettings.Gemm = GemmProvider.Managed;
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

static unsafe void ConvParts()
{
    var g = new ActorNet.Gpu.Backends.ConvGeometry(20, 12, 12, 50, 1, 5, 5, 0, 0, 1, 1, 1, 1);
    var x = GC.AllocateArray<float>(20 * 144, pinned: true);
    var col = GC.AllocateArray<float>(512 * 1056, pinned: true);
    var w = GC.AllocateArray<float>(500 * 1024, pinned: true);
    var y = GC.AllocateArray<float>(144 * 1056, pinned: true);
    fixed (float* px = x, pcol = col, pw = w, py = y)
    {
        for (int round = 0; round < 3; round++)
        {
            var clock = BenchClock.Start();
            for (int i = 0; i < 640; i++)
            {
                ActorNet.Gpu.Backends.Cpu.CpuBackend.Im2ColRaw(g, px, pcol, 64);
            }
            double im2col = clock.Seconds / 640 * 1e6;
            clock = BenchClock.Start();
            for (int i = 0; i < 640; i++)
            {
                ActorNet.Gpu.Backends.Cpu.CpuBackend.GemmRaw(false, false, 50, 64, 500, 1f, pw, pcol, 0f, py, 1);
            }
            double gemm = clock.Seconds / 640 * 1e6;
            foreach (var (m, n, k) in new[] { (8, 48, 256), (48, 96, 256), (48, 1056, 256), (56, 1056, 512), (144, 1056, 256), (50, 1024, 500) })
            {
                clock = BenchClock.Start();
                for (int i = 0; i < 64; i++)
                {
                    ActorNet.Gpu.Backends.Cpu.CpuBackend.GemmRaw(false, false, m, n, k, 1f, pw, pcol, 0f, py, 1);
                }
                double t = clock.Seconds / 64 * 1e6;
                Console.Write($" [{m}x{n}x{k}: {t:F1} us {2.0 * m * n * k / t / 1e3:F1} GF]");
            }
            {
                var be = new ActorNet.Gpu.Backends.Cpu.CpuBackend(1);
                var bx = be.Allocate(64 * 20 * 144);
                var bw = be.Allocate(50 * 500);
                var by = be.Allocate(64 * 50 * 64);
                var bb = be.Allocate(50);
                be.ConvolutionForward(g, 64, bx, bw, bb, by);
                clock = BenchClock.Start();
                for (int i = 0; i < 10; i++)
                {
                    be.ConvolutionForward(g, 64, bx, bw, bb, by);
                }
                Console.Write($" [conv2 layer forward {clock.Seconds / 10 * 1e3:F2} ms]");
                var pg = new ActorNet.Gpu.Backends.PoolGeometry(24, 24, 2, 2, 0, 0, 2, 2);
                var px1 = be.Allocate(64 * 20 * 576);
                var rnd = new Random(1);
                be.Upload(Enumerable.Range(0, 64 * 20 * 576).Select(_ => rnd.NextSingle()).ToArray(), px1, 0);
                var py1 = be.Allocate(64 * 20 * 144);
                var pm1 = be.Allocate(64 * 20 * 144);
                clock = BenchClock.Start();
                for (int i = 0; i < 10; i++)
                {
                    be.PoolForward(pg, ActorNet.Gpu.Backends.PoolMethod.Max, 1280, px1, py1, pm1);
                }
                Console.Write($" [pool1 forward {clock.Seconds / 10 * 1e3:F2} ms]");
                {
                    var xs = GC.AllocateArray<float>(64 * 20 * 576, pinned: true);
                    var ys = GC.AllocateArray<float>(64 * 20 * 144, pinned: true);
                    var ms = GC.AllocateArray<float>(64 * 20 * 144, pinned: true);
                    for (int i = 0; i < xs.Length; i++) { xs[i] = rnd.NextSingle(); }
                    fixed (float* pxs = xs, pys = ys, pms = ms)
                    {
                        foreach (bool withMask in new[] { true, false })
                        {
                            clock = BenchClock.Start();
                            for (int r = 0; r < 10; r++)
                            {
                                for (int plane = 0; plane < 1280; plane++)
                                {
                                    ActorNet.Gpu.Backends.Cpu.CpuBackend.MaxPlane(pg, pxs + plane * 576, pys + plane * 144, withMask ? pms + plane * 144 : null);
                                }
                            }
                            Console.Write($" [direct maxplane mask={withMask} {clock.Seconds / 10 * 1e3:F2} ms]");
                        }
                    }
                }
                foreach (var (ta, tb, m, n, k) in new[] { (false, false, 32, 512, 800), (false, true, 32, 800, 512), (true, false, 800, 512, 32), (false, true, 50, 500, 1024), (true, false, 500, 1024, 50) })
                {
                    var big = GC.AllocateArray<float>(1024 * 1024, pinned: true);
                    fixed (float* pbig = big)
                    {
                        clock = BenchClock.Start();
                        for (int i = 0; i < 10; i++)
                        {
                            ActorNet.Gpu.Backends.Cpu.CpuBackend.GemmRaw(ta, tb, m, n, k, 1f, pw, pcol, 0f, pbig, 1);
                        }
                        double t = clock.Seconds / 10 * 1e6;
                        Console.Write($" [{(ta ? "T" : "N")}{(tb ? "T" : "N")} {m}x{n}x{k}: {t:F1} us {2.0 * m * n * k / t / 1e3:F1} GF]");
                    }
                }
            }
            Console.WriteLine($"conv2 per image: im2col {im2col:F1} us, gemm {gemm:F1} us (3.2 MFLOP -> {3.2e6 / gemm / 1e3:F1} GFLOPS)");
        }
    }
}
