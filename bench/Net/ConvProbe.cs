using ActorNet.Gpu.Backends;
using ActorNet.Gpu.Backends.Cpu;

namespace ActorNet.Bench.Net;

/// <summary>
/// Where a convolution's time goes, for cifar10_quick's conv2 (32→32 channels, 5×5, pad 2, 16×16) and LeNet's: the
/// direct kernels on a whole batch, and the GEMM path's im2col, forward GEMM, two backward GEMMs and col2im, each timed
/// alone over the batch in chunks of the given size.
/// </summary>
internal static unsafe class ConvProbe
{
    public static void RunAll()
    {
        RunDirect("cifar10_quick conv2", Cifar2, 100);
        RunDirect("LeNet conv2", LeNet2, 64);
        RunDirect("LeNet conv1", new ConvGeometry(1, 28, 28, 20, 1, 5, 5, 0, 0, 1, 1, 1, 1), 64);
        foreach (int chunk in new[] { 1, 2, 4, 10, 20 }) Run("cifar10_quick conv2", Cifar2, 100, chunk);
        foreach (int chunk in new[] { 1, 4, 16, 32 }) Run("LeNet conv2", LeNet2, 64, chunk);
    }

    private static readonly ConvGeometry Cifar2 = new(32, 16, 16, 32, 1, 5, 5, 2, 2, 1, 1, 1, 1);
    private static readonly ConvGeometry LeNet2 = new(20, 12, 12, 50, 1, 5, 5, 0, 0, 1, 1, 1, 1);

    private static void Run(string name, ConvGeometry g, int batch, int imagesPerChunk)
    {
        int n = g.OutSpatial, k = g.KernelDim, m = g.OutChannels, ld = n * imagesPerChunk;
        var image = Fill(g.Channels * g.Height * g.Width * imagesPerChunk);
        var col = Fill(k * ld);
        var w = Fill(m * k);
        var y = Fill(m * ld);
        var dw = Fill(m * k);
        int chunks = batch / imagesPerChunk;
        fixed (float* pi = image, pc = col, pw = w, py = y, pdw = dw)
        {
            float* ip = pi, cp = pc, wp = pw, yp = py, dwp = pdw;
            int inSize = g.Channels * g.Height * g.Width;
            double Time(Action body)
            {
                for (int i = 0; i < 3; i++) body();
                var clock = BenchClock.Start();
                int reps = 5;
                for (int r = 0; r < reps; r++)
                    for (int c = 0; c < chunks; c++) body();
                return clock.Seconds / reps * 1000;
            }
            double im2col = Time(() => { for (int i = 0; i < imagesPerChunk; i++) CpuBackend.Im2ColRaw(g, ip + i * inSize, cp + i * n, ld); });
            double fwd = Time(() => CpuBackend.GemmRaw(false, false, m, ld, k, 1f, wp, cp, 0f, yp, 1));
            double bwdW = Time(() => CpuBackend.GemmRaw(false, true, m, k, ld, 1f, yp, cp, 1f, dwp, 1));
            double bwdX = Time(() => CpuBackend.GemmRaw(true, false, k, ld, m, 1f, wp, yp, 0f, cp, 1));
            double col2im = Time(() => { for (int i = 0; i < imagesPerChunk; i++) CpuBackend.Col2ImRaw(g, cp + i * n, ld, ip + i * inSize); });
            double gflop = 2.0 * m * n * k * batch / 1e9;
            Console.WriteLine($"{name} chunk={imagesPerChunk}: im2col {im2col:F1} ms, forward GEMM {fwd:F1} ms ({gflop / fwd * 1000:F0} GFLOPS), " +
                $"weight-gradient GEMM {bwdW:F1} ms ({gflop / bwdW * 1000:F0}), input-gradient GEMM {bwdX:F1} ms ({gflop / bwdX * 1000:F0}), col2im {col2im:F1} ms");
        }
    }

    // The direct kernels on the whole batch of 100 at once, as the layer calls them.
    private static void RunDirect(string name, ConvGeometry g, int num)
    {
        if (!DirectConvolution.Supports(g)) return;
        var image = Fill(num * g.Channels * g.Height * g.Width);
        var y = Fill(num * g.OutChannels * g.OutSpatial);
        var w = Fill(g.WeightCount);
        var dw = Fill(g.WeightCount);
        fixed (float* ip = image, yp = y, wp = w, dwp = dw)
        {
            float* x = ip, o = yp, k = wp, d = dwp;
            double Time(Action body)
            {
                for (int i = 0; i < 3; i++) body();
                var clock = BenchClock.Start();
                for (int r = 0; r < 5; r++) body();
                return clock.Seconds / 5 * 1000;
            }
            double gflop = 2.0 * g.OutChannels * g.OutSpatial * g.KernelDim * num / 1e9;
            double forward = Time(() => DirectConvolution.Forward(g, num, x, k, null, o, 1));
            double input = DirectConvolution.SupportsInputGradient(g) ? Time(() => DirectConvolution.InputGradient(g, num, k, o, x, 1)) : double.NaN;
            double weights = Time(() => DirectConvolution.WeightGradient(g, num, x, o, d, 1));
            Console.WriteLine($"{name} direct, batch {num}: forward {forward:F1} ms ({gflop / forward * 1000:F0} GFLOPS), input gradient {input:F1} ms " +
                $"({gflop / input * 1000:F0}), weight gradient {weights:F1} ms ({gflop / weights * 1000:F0})");
        }
    }

    private static float[] Fill(int count)
    {
        var random = new Random(1);
        var values = GC.AllocateUninitializedArray<float>(count, pinned: true);
        for (int i = 0; i < count; i++) values[i] = (float)random.NextDouble() - 0.5f;
        return values;
    }
}
