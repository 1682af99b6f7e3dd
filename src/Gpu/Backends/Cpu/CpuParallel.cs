namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>Cached ParallelOptions per thread count, so parallel kernels allocate no options per call.</summary>
internal static class CpuParallel
{
    private static readonly ParallelOptions[] Cache = CreateCache();

    private static ParallelOptions[] CreateCache()
    {
        var cache = new ParallelOptions[Math.Max(2, Environment.ProcessorCount * 4 + 1)];
        for (int i = 1; i < cache.Length; i++)
        {
            cache[i] = new ParallelOptions { MaxDegreeOfParallelism = i };
        }
        return cache;
    }

    /// <summary>Options limiting a Parallel.For to the given number of threads.</summary>
    public static ParallelOptions Options(int threads)
    {
        threads = Math.Clamp(threads, 1, Cache.Length - 1);
        return Cache[threads];
    }
}
