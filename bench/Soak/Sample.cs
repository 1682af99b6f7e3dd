using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorNet.Bench.Soak;

/// <summary>
/// One process's resources at one moment, read from /proc (Linux), and a node's GC heap, GC-committed memory and live
/// assembly load contexts from its /metrics (NaN where not read).
/// </summary>
internal readonly record struct Sample(double Seconds, double RssMb, double HeapMb, int Threads, int Descriptors,
    double CommittedMb = double.NaN, double LoadContexts = double.NaN)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>
    /// Another process's resources; its managed heap (which cannot be read from outside) comes from the
    /// <c>process_managed_heap_bytes</c> of its <paramref name="metrics"/> page, the heap's size after its last
    /// collection, beside <c>process_managed_heap_committed_bytes</c> and <c>process_assembly_load_contexts</c>.
    /// </summary>
    public static Sample Of(Process process, double seconds, Uri? metrics)
    {
        var text = metrics is null ? null : Scrape(metrics);
        return new(seconds, ReadRssMb(process.Id), Gauge(text, "process_managed_heap_bytes") / 1e6, ThreadCount(process.Id), CountDescriptors(process.Id),
            Gauge(text, "process_managed_heap_committed_bytes") / 1e6, Gauge(text, "process_assembly_load_contexts"));
    }

    private static string? Scrape(Uri metrics)
    {
        try
        {
            return Http.GetStringAsync(metrics).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static double Gauge(string? text, string name) =>
        text is not null && Regex.Match(text, $@"(?m)^{name} (\S+)$") is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;

    /// <summary>This process's resources, with its managed heap after a full collection and the GC's committed memory.</summary>
    public static Sample OfSelf(double seconds) =>
        new(seconds, ReadRssMb(Environment.ProcessId), GC.GetTotalMemory(forceFullCollection: true) / 1e6, ThreadCount(Environment.ProcessId),
            CountDescriptors(Environment.ProcessId), GC.GetGCMemoryInfo().TotalCommittedBytes / 1e6);

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
