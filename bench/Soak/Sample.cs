using System.Diagnostics;

namespace ActorNet.Bench.Soak;

/// <summary>One process's resources at one moment, read from /proc (Linux).</summary>
internal readonly record struct Sample(double Seconds, double RssMb, double HeapMb, int Threads, int Descriptors)
{
    /// <summary>Another process's resources (its managed heap cannot be read from outside: NaN).</summary>
    public static Sample Of(Process process, double seconds) => new(seconds, ReadRssMb(process.Id), double.NaN, ThreadCount(process.Id), CountDescriptors(process.Id));

    /// <summary>This process's resources, with its managed heap after a full collection.</summary>
    public static Sample OfSelf(double seconds) =>
        new(seconds, ReadRssMb(Environment.ProcessId), GC.GetTotalMemory(forceFullCollection: true) / 1e6, ThreadCount(Environment.ProcessId), CountDescriptors(Environment.ProcessId));

    private static double ReadRssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        return double.NaN;
    }

    private static int ThreadCount(int pid) => Directory.GetDirectories($"/proc/{pid}/task").Length;

    private static int CountDescriptors(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;
}
