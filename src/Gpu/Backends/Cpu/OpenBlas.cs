using System.Runtime.InteropServices;

namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>
/// cblas_sgemm from libopenblas, found by NativeLibrary probing. Absent library = not available; the
/// managed SGEMM is then used.
/// </summary>
internal static unsafe class OpenBlas
{
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;
    private static readonly delegate* unmanaged<int, void> SetThreads;

    static OpenBlas()
    {
        foreach (string name in new[] { "libopenblas.so.0", "libopenblas.so", "openblas", "libopenblas.dylib" })
        {
            if (NativeLibrary.TryLoad(name, out nint handle) &&
                NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemm))
            {
                Sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
                if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint set))
                {
                    SetThreads = (delegate* unmanaged<int, void>)set;
                }
                return;
            }
        }
    }

    /// <summary>True when cblas_sgemm was found.</summary>
    public static bool IsAvailable => Sgemm != null;

    private static int currentThreads;

    /// <summary>Calls cblas_sgemm in row-major order with the given thread count.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda,
        float* b, int ldb, float beta, float* c, int ldc, int threads)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException("libopenblas (cblas_sgemm) is not installed; install libopenblas0.");
        }
        if (SetThreads != null && currentThreads != threads)
        {
            SetThreads(threads);
            currentThreads = threads;
        }
        Sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}
