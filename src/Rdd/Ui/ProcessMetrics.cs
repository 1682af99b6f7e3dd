using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.Loader;

namespace ActorNet.Rdd.Ui;

/// <summary>
/// The process's own resources on a <c>/metrics</c> page, under the Prometheus client libraries' conventional names:
/// <c>process_resident_memory_bytes</c>, <c>process_cpu_seconds_total</c>, <c>process_threads</c>, and the .NET GC's
/// heap as <c>process_managed_heap_bytes</c> (its size after the last collection, which a leak makes climb from one
/// collection to the next), the memory the GC has committed as <c>process_managed_heap_committed_bytes</c>,
/// <c>process_assembly_load_contexts</c> (an application's code a worker never frees makes it climb) and
/// <c>dotnet_gc_collections_total</c> by generation. What bench/soak.sh reads from the
/// worker processes, whose heap cannot be seen from outside.
/// </summary>
internal static class ProcessMetrics
{
    /// <summary>Adds the process's gauges and counters to <paramref name="meter"/>.</summary>
    public static void AddTo(Meter meter)
    {
        meter.CreateObservableGauge("process.resident_memory.bytes", () => Current(p => p.WorkingSet64), description: "Resident memory of the process (RSS), in bytes.");
        meter.CreateObservableGauge("process.managed_heap.bytes", ManagedHeap, description: "The .NET GC heap's size after the last collection, in bytes.");
        meter.CreateObservableGauge("process.managed_heap.committed.bytes", CommittedHeap,
            description: "Memory the .NET GC has committed from the operating system (live objects, free space it keeps, its bookkeeping), in bytes.");
        meter.CreateObservableGauge("process.assembly_load_contexts", () => AssemblyLoadContext.All.Count(),
            description: "Assembly load contexts alive: the default one, and one per application whose code this worker has loaded and not yet freed.");
        meter.CreateObservableGauge("process.threads", () => Current(p => p.Threads.Count), description: "Operating-system threads of the process.");
        meter.CreateObservableCounter("process.cpu.seconds", () => Current(p => p.TotalProcessorTime.TotalSeconds), description: "CPU time the process used, user and system, in seconds.");
        meter.CreateObservableCounter("dotnet.gc.collections", Collections, description: "Garbage collections of each generation since the process started.");
    }

    // Before the first collection there is no "after": then the bytes allocated so far.
    private static long ManagedHeap() => GC.GetGCMemoryInfo() is { Index: > 0 } last ? last.HeapSizeBytes : GC.GetTotalMemory(forceFullCollection: false);

    // The GC reports its committed memory as of its last collection; before the first one, the bytes allocated so far.
    private static long CommittedHeap() => GC.GetGCMemoryInfo() is { Index: > 0 } last ? last.TotalCommittedBytes : GC.GetTotalMemory(forceFullCollection: false);

    private static T Current<T>(Func<Process, T> read)
    {
        using var process = Process.GetCurrentProcess();
        return read(process);
    }

    private static IEnumerable<Measurement<long>> Collections()
    {
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
            yield return new Measurement<long>(GC.CollectionCount(generation), new KeyValuePair<string, object?>("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
