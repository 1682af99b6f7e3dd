using System.Collections.Concurrent;
using System.Threading.Channels;

namespace ActorNet.Actors.Dispatch;

/// <summary>
/// An actor's queue of user messages (a channel) and of system messages, and the work item that drains
/// them on the thread pool. At most one thread runs an actor at a time: a message post schedules the
/// mailbox only when it moves the status from idle to scheduled.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    // The lock-free unbounded channel (the default); null when the mailbox is bounded.
    private readonly MailboxChannel<Envelope>? _unbounded;
    // The bounded channel when mailbox-capacity > 0; a full mailbox turns posts into dead letters.
    private readonly Channel<Envelope>? _bounded;
    // Lifecycle and supervision messages, processed first.
    private readonly ConcurrentQueue<SystemMessage> _system = new();
    // How many system messages are queued (at least; it is decremented after a dequeue): one plain read per
    // user message tells whether to look at _system, cheaper than asking the queue.
    private int _systemPending;
    // User messages processed per run before the thread goes back to the pool.
    private readonly int _throughput;
    // Idle or Scheduled.
    private int _status;
    // 1 once the actor has terminated; later posts go to dead letters.
    private int _closed;
    // The actor this mailbox feeds; set once right after construction.
    private ActorCell _cell = null!;

    public Mailbox(int throughput, int capacity)
    {
        _throughput = Math.Max(1, throughput);
        if (capacity > 0)
            _bounded = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        else
            _unbounded = new MailboxChannel<Envelope>();
    }

    public void SetCell(ActorCell cell) => _cell = cell;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Queues a user message; false when the mailbox is closed or full.</summary>
    public bool Post(in Envelope envelope)
    {
        bool written = _unbounded is not null ? _unbounded.TryWrite(envelope) : _bounded!.Writer.TryWrite(envelope);
        if (!written) return false;
        if (Volatile.Read(ref _closed) != 0)
        {
            // The actor terminated while we wrote: whoever finds leftovers turns them into dead letters.
            DrainToDeadLetters();
            return true;
        }
        Schedule();
        return true;
    }

    public void PostSystem(SystemMessage message)
    {
        _system.Enqueue(message);
        Interlocked.Increment(ref _systemPending);
        if (Volatile.Read(ref _closed) != 0) DrainSystemAfterClose();
        else Schedule();
    }

    public bool TryRead(out Envelope envelope) =>
        _unbounded is not null ? _unbounded.TryRead(out envelope) : _bounded!.Reader.TryRead(out envelope);

    private bool HasUserMessages => _unbounded is not null ? !_unbounded.IsEmpty : _bounded!.Reader.Count > 0;

    /// <summary>Closes the mailbox: queued and later user messages become dead letters.</summary>
    public void Close()
    {
        Volatile.Write(ref _closed, 1);
        if (_unbounded is not null) _unbounded.Complete();
        else _bounded!.Writer.TryComplete();
        DrainToDeadLetters();
        DrainSystemAfterClose();
    }

    private void DrainToDeadLetters()
    {
        while (TryRead(out var envelope)) _cell.System.DeadLetterRef.Publish(envelope.Message, envelope.Sender, _cell.Self);
    }

    private void DrainSystemAfterClose()
    {
        while (_system.TryDequeue(out var message))
        {
            Interlocked.Decrement(ref _systemPending);
            _cell.SystemInvokeAfterDeath(message);
        }
    }

    private void Schedule()
    {
        if (Volatile.Read(ref _status) == Idle && Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public void Execute()
    {
        var cell = _cell;
        var previous = ActorCell.EnterThread(cell);
        try
        {
            ProcessSystemMessages(cell);
            ProcessUserMessages(cell);
        }
        finally
        {
            ActorCell.LeaveThread(previous);
        }
        // A full fence, not just a release: a poster that enqueued after our last look must either see Idle
        // (and schedule) or have its message seen by the check below (the Dekker pattern; a plain store could
        // be reordered after the loads of that check on x86).
        Interlocked.Exchange(ref _status, Idle);
        if (!_system.IsEmpty || (cell.CanProcessUserMessages && (cell.HasPrepended || HasUserMessages)))
            Schedule();
    }

    /// <summary>Processes up to <see cref="_throughput"/> user messages (system messages first after each), then the thread goes back to the pool (fairness).</summary>
    private void ProcessUserMessages(ActorCell cell)
    {
        for (int left = _throughput; left > 0 && cell.CanProcessUserMessages; left--)
        {
            if (!cell.TryTakePrepended(out var envelope) && !TryRead(out envelope)) break;
            cell.Invoke(envelope);
            if (Volatile.Read(ref _systemPending) != 0) ProcessSystemMessages(cell);
        }
    }

    private void ProcessSystemMessages(ActorCell cell)
    {
        while (Volatile.Read(ref _closed) == 0 && _system.TryDequeue(out var message))
        {
            Interlocked.Decrement(ref _systemPending);
            cell.SystemInvoke(message);
        }
    }
}
