using System.Runtime.CompilerServices;

namespace ActorNet.Actors.Tests;

internal static class ThreadPoolWarmup
{
    /// <summary>
    /// Actors run on the .NET thread pool, and many tests block a thread while they wait for a probe. On a
    /// 2-core machine the pool starts with 2 threads and adds about one a second, so in-process cluster
    /// nodes could miss heartbeats for seconds and down each other. Starting with enough threads removes
    /// that artefact of the test harness; it changes nothing the tests assert.
    /// </summary>
    [ModuleInitializer]
    internal static void RaiseMinimumThreads()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}
