using System.Collections.Concurrent;

namespace ActorNet.Training.Internal;

/// <summary>
/// SparkNet's WorkerStore: per-process state that outlives one task, keyed by the training run and the
/// partition, so a worker keeps its net, solver and data between rounds instead of rebuilding them. On a
/// cluster worker the store lives in the application's load context and goes away with it.
/// </summary>
internal static class WorkerStore
{
    private static readonly ConcurrentDictionary<(string Run, int Partition), object> Entries = new();

    public static T GetOrAdd<T>(string run, int partition, Func<T> create) where T : class =>
        (T)Entries.GetOrAdd((run, partition), _ => create());

    /// <summary>Forgets every entry of <paramref name="run"/> in this process.</summary>
    public static void Release(string run)
    {
        foreach (var key in Entries.Keys.Where(k => k.Run == run).ToList()) Entries.TryRemove(key, out _);
    }
}
