namespace ActorNet.Rdd.Shuffle;

/// <summary>
/// Spark's ContextCleaner for shuffles: the driver keeps a weak reference to each shuffle dependency it creates, and
/// once the program holds none of it any more (no RDD left that could read that shuffle again, no job running it), the
/// shuffle's map outputs are forgotten and its files deleted on the driver and on every executor. Without it a long
/// driver (a service, a notebook, a training run) fills its executors' disks with the files of finished jobs.
/// A timer checks the references; since a dependency that lived long sits in the oldest generation, which the runtime
/// collects rarely on a quiet driver, the cleaner also asks for a full collection now and then (Spark's
/// spark.cleaner.periodicGC.interval, 30 minutes).
/// </summary>
internal sealed class ShuffleCleaner : IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CollectEvery = TimeSpan.FromMinutes(30);

    private readonly Action<int> _remove;
    private readonly List<(WeakReference<ShuffleDependency> Dependency, int ShuffleId)> _tracked = [];
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private DateTime _lastCollection = DateTime.UtcNow;

    /// <param name="remove">Forgets one shuffle and deletes its files everywhere.</param>
    public ShuffleCleaner(Action<int> remove)
    {
        _remove = remove;
        _timer = new Timer(_ => Check(), null, CheckEvery, CheckEvery);
    }

    public void Register(ShuffleDependency dependency)
    {
        lock (_gate) _tracked.Add((new WeakReference<ShuffleDependency>(dependency), dependency.ShuffleId));
    }

    /// <summary>Cleans every shuffle whose dependency was collected; returns how many.</summary>
    public int Check()
    {
        if (DateTime.UtcNow - _lastCollection > CollectEvery)
        {
            _lastCollection = DateTime.UtcNow;
            GC.Collect();
        }
        List<int> gone;
        lock (_gate)
        {
            gone = [.. _tracked.Where(t => !t.Dependency.TryGetTarget(out _)).Select(t => t.ShuffleId)];
            _tracked.RemoveAll(t => !t.Dependency.TryGetTarget(out _));
        }
        foreach (var shuffleId in gone)
        {
            try
            {
                _remove(shuffleId);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or InvalidOperationException)
            {
                // A file still open or a context stopping: the application's folder goes when the application ends.
            }
        }
        return gone.Count;
    }

    public void Dispose() => _timer.Dispose();
}
