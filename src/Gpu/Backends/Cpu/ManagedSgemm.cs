using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>
/// The project's own single-precision GEMM, row-major like Caffe's caffe_cpu_gemm:
/// C = alpha * op(A) * op(B) + beta * C. Blocked as in BLIS/GotoBLAS: for each Nc-wide panel of B and
/// each Kc-deep slice, B is packed once into Nr-wide slivers shared by all threads; each thread packs an
/// Mc x Kc block of A (scaled by alpha) into Mr-tall slivers and runs the register-blocked micro-kernel
/// over the tile grid. Packing makes every micro-kernel read sequential, zero-padded memory, so edges
/// need no special case inside the hot loop.
/// </summary>
internal static unsafe class ManagedSgemm
{
    private const int Kc = 256;
    private const int Mc = 144;
    private const int NcTarget = 4096;

    private static readonly int Mr;
    private static readonly int Nr;
    private static readonly int Nc;
    private static readonly delegate*<int, float*, float*, int, float*, int, bool, void> MicroKernel;

    // Per-thread packing and edge-tile buffers, pinned so raw pointers into them stay valid.
    [ThreadStatic] private static float[]? packA;
    [ThreadStatic] private static float[]? packB;
    [ThreadStatic] private static float[]? edgeTile;
    [ThreadStatic] private static float[]? edgeSliver;

    static ManagedSgemm()
    {
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            // 8 x 48 rather than 12 x 32: same 24 accumulators, but only 8 C rows per tile (fewer L1 set
            // conflicts when ldc is a power of two) and it divides the channel counts of typical nets.
            Mr = 8;
            Nr = 48;
            MicroKernel = &GemmMicroKernels.Kernel8x48;
        }
        else if (Fma.IsSupported && Avx.IsSupported)
        {
            Mr = 6;
            Nr = 16;
            MicroKernel = &GemmMicroKernels.Kernel6x16;
        }
        else
        {
            Mr = 4;
            Nr = 8;
            MicroKernel = &GemmMicroKernels.Kernel4x8;
        }
        Nc = NcTarget / Nr * Nr;
    }

    /// <summary>The micro-kernel tile in use (rows x columns), for diagnostics and benchmarks.</summary>
    public static string KernelName => $"{Mr}x{Nr}";

    /// <summary>
    /// A product whose C is narrower than one micro-tile: every tile is an edge tile, so packing and copying cost more
    /// than the multiply (LeNet's ip2, 64 x 10: 0.12 ms here, 0.015 ms in OpenBLAS).
    /// </summary>
    public static bool IsNarrow(int m, int n) => n < Nr || m < Mr;

    /// <summary>Computes C = alpha*op(A)*op(B) + beta*C with leading dimensions lda, ldb, ldc (row-major).</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, int threads)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }
        if (k <= 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }
        // beta == 0: the first K slice stores into C instead of adding, so C is never cleared nor read.
        bool overwriteFirst = beta == 0f;
        if (!overwriteFirst)
        {
            ScaleC(m, n, beta, c, ldc);
        }
        threads = Math.Max(1, threads);
        long flops = 2L * m * n * k;
        if (flops < 2_000_000)
        {
            threads = 1;
        }
        float* pb = PinnedScratch.Get(ref packB, Kc * Nc);
        for (int jc = 0; jc < n; jc += Nc)
        {
            int nc = Math.Min(Nc, n - jc);
            int slivers = (nc + Nr - 1) / Nr;
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                int blockRows = BlockRows(m, threads);
                int mBlocks = (m + blockRows - 1) / blockRows;
                // With few rows of A each B sliver is used by few micro-tiles: packing B would cost as much
                // as the multiply, so full-width slivers are read in place (row stride ldb) instead.
                bool directB = !transB && mBlocks <= 2;
                int nSplit = threads > mBlocks ? Math.Min(slivers, (threads + mBlocks - 1) / mBlocks) : 1;
                int tasks = mBlocks * nSplit;
                if (!directB)
                {
                    PackBPanel(transB, b, ldb, pc, kc, jc, nc, n, pb, tasks == 1 ? 1 : threads);
                }
                if (threads == 1 || tasks == 1)
                {
                    for (int t = 0; t < tasks; t++)
                    {
                        RunBlock(t, nSplit, blockRows, transA, m, alpha, a, lda, pc, kc, jc, nc, slivers, pb, c, ldc, overwriteFirst && pc == 0, directB ? b : null, ldb, n);
                    }
                }
                else
                {
                    nint ap = (nint)a, bp = (nint)pb, cp = (nint)c, braw = directB ? (nint)b : 0;
                    int lb = ldb, nn = n;
                    bool ta = transA;
                    int br = blockRows, mm = m, la = lda, lc = ldc, pcc = pc, kcc = kc, jcc = jc, ncc = nc, sl = slivers, ns = nSplit;
                    float al = alpha;
                    bool ow = overwriteFirst && pc == 0;
                    Parallel.For(0, tasks, CpuParallel.Options(threads), t =>
                        RunBlock(t, ns, br, ta, mm, al, (float*)ap, la, pcc, kcc, jcc, ncc, sl, (float*)bp, (float*)cp, lc, ow, (float*)braw, lb, nn));
                }
            }
        }
    }

    // Rows of A per block: at most Mc, and with several threads as many blocks as a multiple of the thread count, so
    // no thread is left with the short last block alone (m = 500 on two threads: 144+144+144+68 gave one thread 288
    // rows and the other 212; 128+128+128+116 gives 256 and 244).
    private static int BlockRows(int m, int threads)
    {
        int blocks = (m + Mc - 1) / Mc;
        if (threads > 1 && blocks > 1)
        {
            blocks = (blocks + threads - 1) / threads * threads;
        }
        int rows = (m + blocks - 1) / blocks;
        return Math.Min(Mc, (rows + Mr - 1) / Mr * Mr);
    }

    private static void RunBlock(int task, int nSplit, int blockRows, bool transA, int m, float alpha, float* a, int lda,
        int pc, int kc, int jc, int nc, int slivers, float* pb, float* c, int ldc, bool overwrite,
        float* directB, int ldb, int n)
    {
        int ib = task / nSplit;
        int js = task % nSplit;
        int ic = ib * blockRows;
        int mc = Math.Min(blockRows, m - ic);
        int sFrom = (int)((long)slivers * js / nSplit);
        int sTo = (int)((long)slivers * (js + 1) / nSplit);
        if (sFrom >= sTo)
        {
            return;
        }
        float* pa = PinnedScratch.Get(ref packA, Mc * Kc);
        PackA(transA, a, lda, alpha, ic, mc, pc, kc, pa);
        float* tile = PinnedScratch.Get(ref edgeTile, Mr * Nr);
        int aSlivers = (mc + Mr - 1) / Mr;
        for (int s = sFrom; s < sTo; s++)
        {
            int col = jc + s * Nr;
            int ncols = Math.Min(Nr, jc + nc - col);
            float* bs;
            int bStride = Nr;
            if (directB == null)
            {
                bs = pb + (long)s * Nr * kc;
            }
            else if (ncols == Nr)
            {
                bs = directB + (long)pc * ldb + col;
                bStride = ldb;
            }
            else
            {
                bs = PinnedScratch.Get(ref edgeSliver, Nr * Kc);
                PackB(false, directB, ldb, pc, kc, col, ncols, n, bs);
            }
            for (int r = 0; r < aSlivers; r++)
            {
                int row = ic + r * Mr;
                int nrows = Math.Min(Mr, ic + mc - row);
                float* asl = pa + (long)r * Mr * kc;
                float* cTile = c + (long)row * ldc + col;
                if (nrows == Mr && ncols == Nr)
                {
                    MicroKernel(kc, asl, bs, bStride, cTile, ldc, overwrite);
                }
                else
                {
                    MicroKernel(kc, asl, bs, bStride, tile, Nr, true);
                    for (int i = 0; i < nrows; i++)
                    {
                        float* dst = cTile + (long)i * ldc;
                        float* src = tile + i * Nr;
                        if (overwrite)
                        {
                            new ReadOnlySpan<float>(src, ncols).CopyTo(new Span<float>(dst, ncols));
                        }
                        else
                        {
                            for (int j = 0; j < ncols; j++)
                            {
                                dst[j] += src[j];
                            }
                        }
                    }
                }
            }
        }
    }

    private static void PackA(bool transA, float* a, int lda, float alpha, int ic, int mc, int pc, int kc, float* dst)
    {
        int aSlivers = (mc + Mr - 1) / Mr;
        for (int s = 0; s < aSlivers; s++)
        {
            float* d = dst + (long)s * Mr * kc;
            int r0 = ic + s * Mr;
            int rows = Math.Min(Mr, ic + mc - r0);
            if (rows < Mr)
            {
                new Span<float>(d, Mr * kc).Clear();
            }
            if (!transA)
            {
                for (int r = 0; r < rows; r++)
                {
                    float* src = a + (long)(r0 + r) * lda + pc;
                    for (int p = 0; p < kc; p++)
                    {
                        d[p * Mr + r] = alpha * src[p];
                    }
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = a + (long)(pc + p) * lda + r0;
                    float* dp = d + p * Mr;
                    for (int r = 0; r < rows; r++)
                    {
                        dp[r] = alpha * src[r];
                    }
                }
            }
        }
    }

    // Packs the panel's slivers, split among the threads: packing a transposed B (an inner product's weights) on
    // one thread while the other waited cost ip1 of LeNet a third of its forward time on two threads.
    private static void PackBPanel(bool transB, float* b, int ldb, int pc, int kc, int jc, int nc, int n, float* pb, int threads)
    {
        int slivers = (nc + Nr - 1) / Nr;
        int parts = Math.Min(threads, slivers);
        if (parts <= 1 || (long)kc * nc < 32 * 1024)
        {
            PackB(transB, b, ldb, pc, kc, jc, nc, n, pb);
            return;
        }
        nint bp = (nint)b, dp = (nint)pb;
        Parallel.For(0, parts, CpuParallel.Options(parts), part =>
        {
            int from = (int)((long)slivers * part / parts), to = (int)((long)slivers * (part + 1) / parts);
            int first = jc + from * Nr;
            PackB(transB, (float*)bp, ldb, pc, kc, first, Math.Min(jc + nc, jc + to * Nr) - first, n, (float*)dp + (long)from * Nr * kc);
        });
    }

    private static void PackB(bool transB, float* b, int ldb, int pc, int kc, int jc, int nc, int n, float* dst)
    {
        int slivers = (nc + Nr - 1) / Nr;
        for (int s = 0; s < slivers; s++)
        {
            float* d = dst + (long)s * Nr * kc;
            int c0 = jc + s * Nr;
            int cols = Math.Min(Nr, n - c0);
            if (!transB)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + (long)(pc + p) * ldb + c0;
                    float* dp = d + p * Nr;
                    if (cols == Nr)
                    {
                        new ReadOnlySpan<float>(src, Nr).CopyTo(new Span<float>(dp, Nr));
                    }
                    else
                    {
                        for (int j = 0; j < cols; j++)
                        {
                            dp[j] = src[j];
                        }
                        for (int j = cols; j < Nr; j++)
                        {
                            dp[j] = 0f;
                        }
                    }
                }
            }
            else
            {
                if (cols < Nr)
                {
                    new Span<float>(d, Nr * kc).Clear();
                }
                // 8 x 8 blocks transposed in registers: B^T rows are read 8 floats at a time and the packed
                // rows written 8 floats at a time; what is left over goes element by element.
                int p0 = 0;
                int j8 = Avx.IsSupported ? cols / 8 * 8 : 0;
                if (j8 > 0)
                {
                    for (; p0 <= kc - 8; p0 += 8)
                    {
                        for (int j = 0; j < j8; j += 8)
                        {
                            RegisterTranspose.Block8x8(b + (long)(c0 + j) * ldb + pc + p0, ldb, d + p0 * Nr + j, Nr);
                        }
                    }
                    for (int j = 0; j < j8; j++)
                    {
                        float* src = b + (long)(c0 + j) * ldb + pc;
                        for (int p = p0; p < kc; p++)
                        {
                            d[p * Nr + j] = src[p];
                        }
                    }
                }
                for (int j = j8; j < cols; j++)
                {
                    float* src = b + (long)(c0 + j) * ldb + pc;
                    for (int p = 0; p < kc; p++)
                    {
                        d[p * Nr + j] = src[p];
                    }
                }
            }
        }
    }

    private static void ScaleC(int m, int n, float beta, float* c, int ldc)
    {
        if (beta == 1f)
        {
            return;
        }
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }
}
