using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActorNet.Bench.Net;

/// <summary>
/// Elapsed time of a measurement. With BENCH_CLOCK=cpu it is the process CPU time (clock_gettime with
/// CLOCK_PROCESS_CPUTIME_ID), which other processes on a shared, overloaded machine disturb far less than
/// wall time; with one compute thread it equals the wall time an idle machine would show. Otherwise wall time.
/// </summary>
internal readonly partial struct BenchClock
{
    private const int ClockProcessCpuTime = 2;
    private static readonly bool UseCpu = Environment.GetEnvironmentVariable("BENCH_CLOCK") == "cpu";
    private readonly double start;

    private BenchClock(double start) => this.start = start;

    public static BenchClock Start() => new(Now());

    public double Seconds => Now() - start;

    private static double Now()
    {
        if (!UseCpu)
        {
            return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        }
        ClockGetTime(ClockProcessCpuTime, out var ts);
        return ts.Seconds + ts.Nanoseconds * 1e-9;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
