namespace ActorNet.Gpu;

/// <summary>Which SGEMM implementation the CPU backend calls.</summary>
public enum GemmProvider
{
    /// <summary>
    /// The default: OpenBLAS for products narrower than the managed micro-kernel's tile (a classifier's 10 outputs),
    /// where its small-matrix paths are several times faster, when libopenblas is installed; the managed SGEMM for
    /// the rest, where it is as fast at one thread and faster at two on the nets measured (bench/RESULTS.md). The
    /// choice depends on the shape only, so runs stay reproducible.
    /// </summary>
    Auto,

    /// <summary>The project's own packed, cache-blocked SGEMM with FMA micro-kernels.</summary>
    Managed,

    /// <summary>OpenBLAS's cblas_sgemm, when libopenblas can be loaded; otherwise the managed one.</summary>
    OpenBlas,
}

/// <summary>
/// Process-wide settings of the CPU compute backend. The environment variable ACTORNET_THREADS sets the initial
/// thread count; the GEMM provider comes from the configuration (<c>actornet.gpu.blas</c>, see <see cref="ParseGemm"/>).
/// </summary>
public static class ComputeSettings
{
    private static int threadCount = ReadThreads();
    private static GemmProvider gemm = GemmProvider.Auto;

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

    /// <summary>Reads a provider as the configuration spells it: auto, managed or openblas (any case).</summary>
    /// <exception cref="FormatException">Any other text; the message names the allowed values.</exception>
    public static GemmProvider ParseGemm(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => GemmProvider.Auto,
        "managed" => GemmProvider.Managed,
        "openblas" => GemmProvider.OpenBlas,
        _ => throw new FormatException($"'{text}' is not a BLAS choice (auto, managed or openblas)"),
    };
}
