using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorNet.Bench.Soak;

/// <summary>One process's resources at one moment, read from /proc (Linux), and a node's GC heap from its /metrics.</summary>
internal readonly partial record struct Sample(double Seconds, double RssMb, double HeapMb, int Threads, int Descriptors)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// Another process's resources; its managed heap (which cannot be read from outside) comes from the
    /// <c>process_managed_heap_bytes</c> of its <paramref name="metrics"/> page, the heap's size after its last
    /// collection (NaN when the page does not answer).
    /// </summary>
    public static Sample Of(Process process, double seconds, Uri? metrics) =>
        new(seconds, ReadRssMb(process.Id), metrics is null ? double.NaN : ScrapeHeapMb(metrics), ThreadCount(process.Id), CountDescriptors(process.Id));

    private static double ScrapeHeapMb(Uri metrics)
    {
        try
        {
            var text = Http.GetStringAsync(metrics).GetAwaiter().GetResult();
            return HeapLine().Match(text) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 1e6 : double.NaN;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return double.NaN;
        }
    }

    [GeneratedRegex(@"(?m)^process_managed_heap_bytes (\S+)$")]
    private static partial Regex HeapLine();

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
