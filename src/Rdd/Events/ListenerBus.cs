using System.Threading.Channels;

namespace ActorNet.Rdd.Events;

/// <summary>
/// The driver's listener bus (Spark's <c>LiveListenerBus</c>): <see cref="Post"/> puts an event in a bounded queue and
/// returns at once, whatever the listeners do, so the scheduler's threads never wait for the UI; one thread hands the
/// events to the listeners in order. When the queue is full (listeners far behind), new events are dropped and counted,
/// as Spark's bus does, rather than slowing the scheduler or growing without bound.
/// </summary>
internal sealed class ListenerBus : IAsyncDisposable
{
    // Spark's spark.scheduler.listenerbus.eventqueue.capacity.
    private const int Capacity = 10_000;

    // DropWrite: a full queue drops the new event (TryWrite still answers true; the callback counts it).
    private readonly Channel<ListenerEvent> _queue;

    // Copy-on-write: Post never takes a lock, and the dispatch thread reads a stable array.
    private IClusterListener[] _listeners = [];
    private readonly Task _dispatch;
    private readonly TextWriter _log;
    private long _dropped;
    private bool _stopped;

    public ListenerBus(TextWriter log, TimeProvider? time = null)
    {
        _log = log;
        Time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<ListenerEvent>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite }, CountDropped);
        _dispatch = Task.Factory.StartNew(DispatchAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>The clock events are stamped with.</summary>
    public TimeProvider Time { get; }

    /// <summary>Now, for an event's time.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Events dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>True when some listener is registered (posting can be skipped otherwise).</summary>
    public bool HasListeners => Volatile.Read(ref _listeners).Length > 0;

    public void AddListener(IClusterListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        IClusterListener[] current, next;
        do
        {
            current = Volatile.Read(ref _listeners);
            next = [.. current, listener];
        }
        while (Interlocked.CompareExchange(ref _listeners, next, current) != current);
    }

    /// <summary>Queues the event; never blocks. Dropped (and counted) when the queue is full or the bus stopped.</summary>
    public void Post(ListenerEvent e)
    {
        // After the context stopped, late events (a task end that raced the stop) have nobody to tell; with no listener (the
        // UI off, none added) there is nobody either.
        if (Volatile.Read(ref _stopped) || !HasListeners) return;
        if (!_queue.Writer.TryWrite(e)) CountDropped(e);
    }

    private void CountDropped(ListenerEvent e)
    {
        if (Interlocked.Increment(ref _dropped) == 1)
            _log.WriteLine($"actornet: the listener bus dropped an event ({e.GetType().Name}): its queue of {Capacity} is full (listeners behind); the UI may miss some updates");
    }

    /// <summary>Delivers what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _stopped, true);
        _queue.Writer.TryComplete();
        await _dispatch.ConfigureAwait(false);
    }

    private async Task DispatchAsync()
    {
        await foreach (var e in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var listener in Volatile.Read(ref _listeners))
            {
                try
                {
                    listener.OnEvent(e);
                }
                catch (Exception ex)
                {
                    _log.WriteLine($"actornet: listener {listener.GetType().Name} failed on {e.GetType().Name}: {ex.Message}");
                }
            }
        }
    }
}
