using System.Reflection;
using ActorNet.Rdd.Closures;
using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// The driver's serialized stage attempts (Spark's task binary broadcast): the shared part of a stage attempt's
/// tasks is serialized once, when its first task is launched, with the application assemblies it names; executors
/// fetch both once. The newest attempts are kept; an executor asking for an evicted one gets it serialized again.
/// </summary>
internal sealed class StageBinaries
{
    private const int MaxStages = 32;

    private readonly Lock _gate = new();

    // Per stage attempt: the bytes and assembly names, or the error serializing failed with.
    private readonly Dictionary<(int Stage, int Attempt), Entry> _stages = [];

    // Per stage attempt, a task to serialize the shared part from again after eviction. Weak: a stage the scheduler has
    // forgotten must not keep its RDDs and shuffle dependencies alive (the shuffle cleaner waits for them to go).
    private readonly Dictionary<(int Stage, int Attempt), WeakReference<SchedulerTask>> _tasks = [];

    // Application assembly images by full name, read once.
    private readonly Dictionary<string, byte[]> _assemblies = new(StringComparer.Ordinal);

    // Per assembly a closure names: the full names of it and the application assemblies it references (walked once).
    private readonly Dictionary<Assembly, string[]> _shipped = [];

    private sealed record Entry(byte[]? Bytes, string[] Assemblies, Exception? Error);

    /// <summary>The stage attempt's binary; throws what serializing threw (<see cref="TaskNotSerializableException"/>).</summary>
    public (byte[] Bytes, string[] Assemblies) For(SchedulerTask task)
    {
        var key = (task.StageId, task.StageAttempt);
        Entry? entry;
        lock (_gate)
        {
            if (!_tasks.TryGetValue(key, out var known) || !known.TryGetTarget(out _)) _tasks[key] = new WeakReference<SchedulerTask>(task);
            _stages.TryGetValue(key, out entry);
        }
        entry ??= Serialize(key, task);
        if (entry.Error is not null) throw entry.Error;
        return (entry.Bytes!, entry.Assemblies);
    }

    public string[] AssembliesOf(int stageId, int attempt) => Lookup(stageId, attempt).Assemblies;

    public byte[] BytesOf(int stageId, int attempt) => Lookup(stageId, attempt).Bytes;

    /// <summary>An application assembly's image, by full name.</summary>
    public byte[] Assembly(string fullName)
    {
        lock (_gate)
            return _assemblies.TryGetValue(fullName, out var image)
                ? image
                : throw new InvalidOperationException($"Assembly '{fullName}' was not shipped by this driver.");
    }

    /// <summary>Ships the application assemblies <paramref name="named"/> refers to; returns their full names.</summary>
    public string[] Ship(IEnumerable<Assembly> named)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var assembly in named)
        {
            string[]? known;
            lock (_gate) _shipped.TryGetValue(assembly, out known);
            if (known is null)
            {
                var shipped = ApplicationAssemblies.Collect([assembly]);
                known = [.. shipped.Select(a => a.FullName)];
                lock (_gate)
                {
                    foreach (var a in shipped) _assemblies.TryAdd(a.FullName, a.Image);
                    _shipped[assembly] = known;
                }
            }
            names.UnionWith(known);
        }
        return [.. names];
    }

    private (byte[] Bytes, string[] Assemblies) Lookup(int stageId, int attempt)
    {
        SchedulerTask? task = null;
        Entry? entry;
        lock (_gate)
        {
            _stages.TryGetValue((stageId, attempt), out entry);
            if (_tasks.TryGetValue((stageId, attempt), out var weak)) weak.TryGetTarget(out task);
        }
        if (entry is null && task is null) throw new InvalidOperationException($"Stage {stageId}.{attempt} is unknown to the driver (finished and forgotten, or never run).");
        entry ??= Serialize((stageId, attempt), task!);
        if (entry.Error is not null) throw entry.Error;
        return (entry.Bytes!, entry.Assemblies);
    }

    private Entry Serialize((int Stage, int Attempt) key, SchedulerTask task)
    {
        Entry entry;
        try
        {
            var bytes = TaskBinary.SerializeShared(task, out var assemblies);
            entry = new Entry(bytes, Ship(assemblies), null);
        }
        catch (Exception e)
        {
            entry = new Entry(null, [], e);
        }
        lock (_gate)
        {
            _stages[key] = entry;
            while (_stages.Count > MaxStages)
            {
                var oldest = _stages.Keys.Min();
                _stages.Remove(oldest);
            }
            while (_tasks.Count > 4 * MaxStages) _tasks.Remove(_tasks.Keys.Min());
        }
        return entry;
    }
}
