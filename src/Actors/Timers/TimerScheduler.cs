namespace ActorNet.Actors;

/// <summary>
/// The timers of one actor, on the system's <see cref="TimeProvider"/>. Timer messages travel wrapped in
/// <see cref="TimerMessage"/> with a generation; the cell delivers one only if its timer is still current.
/// </summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    /// <summary>A timer firing, as queued in the mailbox.</summary>
    internal sealed record TimerMessage(object Key, int Generation, object Message, bool Repeating) : AutoReceivedMessage;

    // Live timers by key; touched from the actor's thread only (timer callbacks just Tell).
    private readonly Dictionary<object, (int Generation, ITimer Timer)> _timers = [];
    // Incremented for each started timer so that stale firings can be recognised.
    private int _generation;

    public void StartSingleTimer(object key, object message, TimeSpan delay) => Start(key, message, delay, Timeout.InfiniteTimeSpan);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) => StartPeriodicTimer(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "a periodic timer needs a positive interval");
        Start(key, message, initialDelay, interval);
    }

    private void Start(object key, object message, TimeSpan due, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        int generation = ++_generation;
        var wrapped = new TimerMessage(key, generation, message, period != Timeout.InfiniteTimeSpan);
        var self = cell.Self;
        var timer = cell.System.TimeProvider.CreateTimer(static s =>
        {
            var (target, msg) = ((IActorRef, TimerMessage))s!;
            target.Tell(msg, target);
        }, (self, wrapped), due < TimeSpan.Zero ? TimeSpan.Zero : due, period);
        _timers[key] = (generation, timer);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry)) entry.Timer.Dispose();
    }

    public void CancelAll()
    {
        foreach (var (_, timer) in _timers.Values) timer.Dispose();
        _timers.Clear();
    }

    /// <summary>True when the firing belongs to a live timer; a single timer is retired by its firing.</summary>
    public bool Accept(TimerMessage message)
    {
        if (!_timers.TryGetValue(message.Key, out var entry) || entry.Generation != message.Generation) return false;
        if (!message.Repeating)
        {
            _timers.Remove(message.Key);
            entry.Timer.Dispose();
        }
        return true;
    }
}
