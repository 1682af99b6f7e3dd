using System.Collections.Concurrent;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// Sends small messages in batches without waiting for a batch to fill: the first item after an idle spell schedules a
/// flush on the thread pool, and whatever is added before the flush runs goes with it. Under load many task launches
/// (or task ends) share one Akka message, whose per-message cost dominates empty tasks; alone, an item leaves at once.
/// A batch stops at <c>maxBytes</c> (as <c>sizeOf</c> counts) so it stays well under Akka's frame limit (128,000 bytes).
/// </summary>
internal sealed class Coalescer<T>(Action<T[]> send, Func<T, int> sizeOf, int maxBytes)
{
    private readonly ConcurrentQueue<T> _items = new();
    private int _scheduled;

    public void Add(T item)
    {
        _items.Enqueue(item);
        if (Interlocked.Exchange(ref _scheduled, 1) == 0) ThreadPool.UnsafeQueueUserWorkItem(_ => Flush(), null);
    }

    private void Flush()
    {
        // Cleared before draining: an item added from here on either rides in this batch or schedules the next flush.
        Volatile.Write(ref _scheduled, 0);
        var batch = new List<T>();
        var bytes = 0;
        while (_items.TryDequeue(out var item))
        {
            var size = sizeOf(item);
            if (batch.Count > 0 && bytes + size > maxBytes)
            {
                send([.. batch]);
                batch.Clear();
                bytes = 0;
            }
            batch.Add(item);
            bytes += size;
        }
        if (batch.Count > 0) send([.. batch]);
    }
}
