namespace ActorNet.Gpu;

/// <summary>Which SGEMM implementation the CPU backend calls.</summary>
public enum GemmProvider
{
    /// <summary>The project's own packed, cache-blocked SGEMM with FMA micro-kernels (the default).</summary>
    Managed,

    /// <summary>OpenBLAS's cblas_sgemm, when libopenblas can be loaded; otherwise the managed one.</summary>
    OpenBlas,
}

/// <summary>
/// Process-wide settings of the CPU compute backend. The environment variables ACTORNET_THREADS and
/// ACTORNET_GEMM (managed|openblas) set the initial values, so a benchmark or a worker can be tuned
/// without code.
/// </summary>
public static class ComputeSettings
{
    private static int threadCount = ReadThreads();
    private static GemmProvider gemm = ReadGemm();

    /// <summary>Threads the CPU kernels may use (at least 1; defaults to the processor count).</summary>
    public static int ThreadCount
    {
        get => threadCount;
        set => threadCount = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "ThreadCount must be at least 1.");
    }

    /// <summary>The SGEMM implementation in use.</summary>
    public static GemmProvider Gemm
    {
        get => gemm;
        set => gemm = value;
    }

    /// <summary>True when libopenblas was found and its cblas_sgemm can be called.</summary>
    public static bool OpenBlasAvailable => Backends.Cpu.OpenBlas.IsAvailable;

    private static int ReadThreads()
    {
        string? text = Environment.GetEnvironmentVariable("ACTORNET_THREADS");
        return int.TryParse(text, out int n) && n >= 1 ? n : Environment.ProcessorCount;
    }

    private static GemmProvider ReadGemm()
    {
        string? text = Environment.GetEnvironmentVariable("ACTORNET_GEMM");
        return string.Equals(text, "openblas", StringComparison.OrdinalIgnoreCase) ? GemmProvider.OpenBlas : GemmProvider.Managed;
    }
}
