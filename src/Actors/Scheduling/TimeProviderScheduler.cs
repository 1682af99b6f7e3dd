namespace ActorNet.Actors;

/// <summary>The scheduler: each scheduled item is one <see cref="ITimer"/> of the system's <see cref="TimeProvider"/>.</summary>
internal sealed class TimeProviderScheduler(TimeProvider time) : IScheduler
{
    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null) =>
        Schedule(delay, Timeout.InfiniteTimeSpan, () => receiver.Tell(message, sender ?? ActorRefs.NoSender));

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "a repeated schedule needs a positive interval");
        return Schedule(initialDelay, interval, () => receiver.Tell(message, sender ?? ActorRefs.NoSender));
    }

    public ICancelable ScheduleOnce(TimeSpan delay, Action action) => Schedule(delay, Timeout.InfiniteTimeSpan, action);

    private ScheduledItem Schedule(TimeSpan due, TimeSpan period, Action action)
    {
        var item = new ScheduledItem(action);
        item.Start(time, due < TimeSpan.Zero ? TimeSpan.Zero : due, period);
        return item;
    }

    private sealed class ScheduledItem(Action action) : ICancelable
    {
        // The underlying timer; disposed on cancel.
        private ITimer? _timer;
        // 1 once canceled.
        private int _canceled;

        public bool IsCancellationRequested => Volatile.Read(ref _canceled) != 0;

        public void Start(TimeProvider time, TimeSpan due, TimeSpan period)
        {
            _timer = time.CreateTimer(static s => ((ScheduledItem)s!).Fire(), this, due, period);
            if (IsCancellationRequested) _timer.Dispose();
        }

        private void Fire()
        {
            if (!IsCancellationRequested) action();
        }

        public void Cancel()
        {
            if (Interlocked.Exchange(ref _canceled, 1) == 0) _timer?.Dispose();
        }
    }
}
