using System.Numerics.Tensors;

namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>
/// The default backend: managed kernels, SIMD through TensorPrimitives and Vector256/512, threads over
/// images, channels or chunks of large vectors. This file holds the BLAS-like and per-channel kernels;
/// the others live in the partial files named after their concern.
/// </summary>
internal sealed unsafe partial class CpuBackend : IComputeBackend
{
    // Below this many elements an elementwise kernel stays on one thread: splitting costs more than it saves.
    private const int ParallelThreshold = 1 << 16;

    private readonly int? fixedThreads;

    /// <summary>Creates a backend using <see cref="ComputeSettings.ThreadCount"/> threads (read at each call).</summary>
    public CpuBackend()
    {
    }

    /// <summary>Creates a backend with a fixed thread count.</summary>
    public CpuBackend(int threads)
    {
        fixedThreads = Math.Max(1, threads);
    }

    /// <summary>The process-wide default instance.</summary>
    public static CpuBackend Default { get; } = new();

    public string Name => "cpu";

    /// <summary>Threads kernels use now.</summary>
    public int Threads => fixedThreads ?? ComputeSettings.ThreadCount;

    public DeviceBuffer Allocate(int length) => new CpuBuffer(this, length);

    public void Upload(ReadOnlySpan<float> source, DeviceBuffer destination, int offset) =>
        source.CopyTo(Buf(destination).Array.AsSpan(offset));

    public void Download(DeviceBuffer source, int offset, Span<float> destination) =>
        Buf(source).Array.AsSpan(offset, destination.Length).CopyTo(destination);

    /// <summary>CPU kernels have finished when they return.</summary>
    public void Synchronize()
    {
    }

    internal static CpuBuffer Buf(DeviceBuffer buffer) => buffer as CpuBuffer
        ?? throw new ArgumentException($"A {buffer.Backend.Name} buffer was passed to the CPU backend.");

    internal static float* Ptr(DeviceBuffer buffer, int offset) => Buf(buffer).Pointer(offset);

    internal static Span<float> Span(DeviceBuffer buffer, int offset, int n) => Buf(buffer).Array.AsSpan(offset, n);

    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, DeviceBuffer a, int aOffset,
        DeviceBuffer b, int bOffset, float beta, DeviceBuffer c, int cOffset) =>
        GemmRaw(transA, transB, m, n, k, alpha, Ptr(a, aOffset), Ptr(b, bOffset), beta, Ptr(c, cOffset), Threads);

    /// <summary>Dense row-major GEMM on raw pointers, through the configured provider.</summary>
    internal static void GemmRaw(bool transA, bool transB, int m, int n, int k, float alpha, float* a, float* b,
        float beta, float* c, int threads)
    {
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        bool library = ComputeSettings.Gemm switch
        {
            GemmProvider.OpenBlas => OpenBlas.IsAvailable,
            GemmProvider.Auto => OpenBlas.IsAvailable && ManagedSgemm.IsNarrow(m, n),
            _ => false,
        };
        if (library)
        {
            OpenBlas.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, n, threads);
        }
        else
        {
            ManagedSgemm.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, n, threads);
        }
    }

    public void Set(int n, float value, DeviceBuffer x, int offset) => Span(x, offset, n).Fill(value);

    public void Copy(int n, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset)
    {
        if (ReferenceEquals(x, y) && xOffset == yOffset)
        {
            return;
        }
        Span(x, xOffset, n).CopyTo(Span(y, yOffset, n));
    }

    public void Axpy(int n, float alpha, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset)
    {
        float* px = Ptr(x, xOffset), py = Ptr(y, yOffset);
        Chunked(n, (from, count) =>
        {
            var ys = new Span<float>(py + from, count);
            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(px + from, count), alpha, ys, ys);
        });
    }

    public void Axpby(int n, float alpha, DeviceBuffer x, int xOffset, float beta, DeviceBuffer y, int yOffset)
    {
        float* px = Ptr(x, xOffset), py = Ptr(y, yOffset);
        Chunked(n, (from, count) =>
        {
            var ys = new Span<float>(py + from, count);
            TensorPrimitives.Multiply(ys, beta, ys);
            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(px + from, count), alpha, ys, ys);
        });
    }

    public void Scale(int n, float alpha, DeviceBuffer x, int offset)
    {
        float* px = Ptr(x, offset);
        Chunked(n, (from, count) =>
        {
            var xs = new Span<float>(px + from, count);
            TensorPrimitives.Multiply(xs, alpha, xs);
        });
    }

    public void Mul(int n, DeviceBuffer a, int aOffset, DeviceBuffer b, int bOffset, DeviceBuffer y, int yOffset)
    {
        float* pa = Ptr(a, aOffset), pb = Ptr(b, bOffset), py = Ptr(y, yOffset);
        Chunked(n, (from, count) => TensorPrimitives.Multiply(
            new ReadOnlySpan<float>(pa + from, count), new ReadOnlySpan<float>(pb + from, count), new Span<float>(py + from, count)));
    }

    public void AddSign(int n, float alpha, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset)
    {
        var xs = Span(x, xOffset, n);
        var ys = Span(y, yOffset, n);
        for (int i = 0; i < n; i++)
        {
            ys[i] += alpha * (xs[i] > 0 ? 1f : xs[i] < 0 ? -1f : 0f);
        }
    }

    public float Dot(int n, DeviceBuffer x, int xOffset, DeviceBuffer y, int yOffset) =>
        TensorPrimitives.Dot(Span(x, xOffset, n), Span(y, yOffset, n));

    public float Asum(int n, DeviceBuffer x, int offset) => TensorPrimitives.SumOfMagnitudes(Span(x, offset, n));

    public float SumSquares(int n, DeviceBuffer x, int offset) => TensorPrimitives.SumOfSquares(Span(x, offset, n));

    public void Bernoulli(int n, float keep, Random random, DeviceBuffer mask, int offset)
    {
        var m = Span(mask, offset, n);
        for (int i = 0; i < n; i++)
        {
            m[i] = random.NextSingle() < keep ? 1f : 0f;
        }
    }

    public void ChannelSum(int outer, int channels, int inner, float alpha, DeviceBuffer x, int xOffset,
        float beta, DeviceBuffer result, int resultOffset)
    {
        float* px = Ptr(x, xOffset), pr = Ptr(result, resultOffset);
        ForRange(channels, (long)outer * channels * inner, c =>
        {
            double sum = 0;
            for (int o = 0; o < outer; o++)
            {
                sum += TensorPrimitives.Sum(new ReadOnlySpan<float>(px + ((long)o * channels + c) * inner, inner));
            }
            pr[c] = (beta == 0f ? 0f : beta * pr[c]) + alpha * (float)sum;
        });
    }

    public void ChannelDot(int outer, int channels, int inner, float alpha, DeviceBuffer x, int xOffset,
        DeviceBuffer y, int yOffset, float beta, DeviceBuffer result, int resultOffset)
    {
        float* px = Ptr(x, xOffset), py = Ptr(y, yOffset), pr = Ptr(result, resultOffset);
        ForRange(channels, (long)outer * channels * inner, c =>
        {
            double sum = 0;
            for (int o = 0; o < outer; o++)
            {
                long at = ((long)o * channels + c) * inner;
                sum += TensorPrimitives.Dot(new ReadOnlySpan<float>(px + at, inner), new ReadOnlySpan<float>(py + at, inner));
            }
            pr[c] = (beta == 0f ? 0f : beta * pr[c]) + alpha * (float)sum;
        });
    }

    public void ChannelAffine(int outer, int channels, int inner, DeviceBuffer x, int xOffset,
        DeviceBuffer scale, int scaleOffset, DeviceBuffer? bias, int biasOffset, DeviceBuffer y, int yOffset)
    {
        float* px = Ptr(x, xOffset), ps = Ptr(scale, scaleOffset), py = Ptr(y, yOffset);
        float* pb = bias is null ? null : Ptr(bias, biasOffset);
        ForRange(outer * channels, (long)outer * channels * inner, oc =>
        {
            int c = oc % channels;
            var src = new ReadOnlySpan<float>(px + (long)oc * inner, inner);
            var dst = new Span<float>(py + (long)oc * inner, inner);
            if (pb is null)
            {
                TensorPrimitives.Multiply(src, ps[c], dst);
            }
            else
            {
                TensorPrimitives.Multiply(src, ps[c], dst);
                TensorPrimitives.Add(dst, pb[c], dst);
            }
        });
    }

    public void ChannelAdd(int outer, int channels, int inner, float alpha, DeviceBuffer v, int vOffset,
        DeviceBuffer y, int yOffset)
    {
        float* pv = Ptr(v, vOffset), py = Ptr(y, yOffset);
        ForRange(outer * channels, (long)outer * channels * inner, oc =>
        {
            var dst = new Span<float>(py + (long)oc * inner, inner);
            TensorPrimitives.Add(dst, alpha * pv[oc % channels], dst);
        });
    }

    public void AddPow(int n, float add, float power, DeviceBuffer v, int offset)
    {
        var s = Span(v, offset, n);
        for (int i = 0; i < n; i++)
        {
            s[i] = MathF.Pow(s[i] + add, power);
        }
    }

    /// <summary>Runs body(from, count) over [0, n) split into one chunk per thread when n is large.</summary>
    private void Chunked(int n, Action<int, int> body)
    {
        int threads = Threads;
        if (threads == 1 || n < ParallelThreshold)
        {
            body(0, n);
            return;
        }
        Parallel.For(0, threads, CpuParallel.Options(threads), t =>
        {
            int from = (int)((long)n * t / threads);
            int to = (int)((long)n * (t + 1) / threads);
            body(from, to - from);
        });
    }

    /// <summary>Runs body(i) for i in [0, count), in parallel when the total work is large.</summary>
    private void ForRange(int count, long work, Action<int> body)
    {
        int threads = Threads;
        if (threads == 1 || count == 1 || work < ParallelThreshold)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }
            return;
        }
        Parallel.For(0, count, CpuParallel.Options(threads), body);
    }
}
