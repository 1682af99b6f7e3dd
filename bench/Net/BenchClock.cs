using System.Diagnostics;

namespace ActorNet.Bench.Net;

/// <summary>
/// Elapsed time of a measurement. With BENCH_CLOCK=cpu and one thread it is the process CPU time, which
/// other processes on a shared machine disturb far less than wall time; otherwise wall time.
/// </summary>
internal readonly struct BenchClock
{
    private static readonly bool UseCpu = Environment.GetEnvironmentVariable("BENCH_CLOCK") == "cpu";
    private readonly long wallStart;
    private readonly TimeSpan cpuStart;

    private BenchClock(long wall, TimeSpan cpu)
    {
        wallStart = wall;
        cpuStart = cpu;
    }

    public static BenchClock Start() => new(Stopwatch.GetTimestamp(), UseCpu ? Process.GetCurrentProcess().TotalProcessorTime : default);

    public double Seconds => UseCpu
        ? (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds
        : Stopwatch.GetElapsedTime(wallStart).TotalSeconds;
}
