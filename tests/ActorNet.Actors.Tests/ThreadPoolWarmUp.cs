using System.Runtime.CompilerServices;

namespace ActorNet.Actors.Tests;

/// <summary>
/// Starts the test host with a warmed-up thread pool, so actors run with as much real concurrency as on a
/// production node from the first test on (a cold pool adds threads slowly and serializes actors, which
/// hides races). ACTORNET_TEST_MIN_THREADS overrides the minimum (0 leaves the pool's defaults).
/// </summary>
internal static class ThreadPoolWarmUp
{
    [ModuleInitializer]
    internal static void WarmUp()
    {
        int threads = int.TryParse(Environment.GetEnvironmentVariable("ACTORNET_TEST_MIN_THREADS"), out var n) ? n : 16;
        if (threads > 0) ThreadPool.SetMinThreads(threads, threads);
    }
}
