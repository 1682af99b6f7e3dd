using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace ActorNet.Actors.Dispatch;

/// <summary>
/// An unbounded multi-writer, single-reader <see cref="Channel{T}"/> whose writes take no lock.
/// The framework's unbounded channels lock on every write to hand items to parked readers; a mailbox's
/// reader is never parked (the dispatcher schedules it), so writes only enqueue and, rarely, wake a waiter
/// of <see cref="ChannelReader{T}.WaitToReadAsync"/>.
/// </summary>
internal sealed class MailboxChannel<T> : Channel<T>
{
    // The queued items.
    private readonly ConcurrentQueue<T> _items = new();
    // A pending WaitToReadAsync, or null; set only on the slow path.
    private TaskCompletionSource<bool>? _waiter;
    // 1 once the writer has been completed.
    private int _completed;
    // Completes once the writer is completed and every item has been read.
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MailboxChannel()
    {
        Reader = new MailboxReader(this);
        Writer = new MailboxWriter(this);
    }

    public bool IsEmpty => _items.IsEmpty;

    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    public bool TryWrite(T item)
    {
        if (Volatile.Read(ref _completed) != 0) return false;
        _items.Enqueue(item);
        if (Volatile.Read(ref _waiter) is not null) WakeWaiter(true);
        return true;
    }

    public bool TryRead([MaybeNullWhen(false)] out T item)
    {
        if (_items.TryDequeue(out item)) return true;
        if (IsCompleted) _completion.TrySetResult();
        return false;
    }

    public bool Complete()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0) return false;
        WakeWaiter(!_items.IsEmpty);
        if (_items.IsEmpty) _completion.TrySetResult();
        return true;
    }

    private void WakeWaiter(bool result) => Interlocked.Exchange(ref _waiter, null)?.TrySetResult(result);

    private ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        if (!_items.IsEmpty) return new ValueTask<bool>(true);
        if (IsCompleted) return new ValueTask<bool>(false);
        var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = Interlocked.Exchange(ref _waiter, waiter);
        previous?.TrySetResult(!_items.IsEmpty);
        // A writer may have enqueued between the emptiness check and publishing the waiter.
        if (!_items.IsEmpty || IsCompleted) WakeWaiter(!_items.IsEmpty);
        if (cancellationToken.CanBeCanceled)
            cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetCanceled(), waiter);
        return new ValueTask<bool>(waiter.Task);
    }

    private sealed class MailboxReader(MailboxChannel<T> channel) : ChannelReader<T>
    {
        public override bool CanCount => true;
        public override int Count => channel._items.Count;
        public override Task Completion => channel._completion.Task;
        public override bool TryRead([MaybeNullWhen(false)] out T item) => channel.TryRead(out item);
        public override bool TryPeek([MaybeNullWhen(false)] out T item) => channel._items.TryPeek(out item);
        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
            channel.WaitToReadAsync(cancellationToken);
    }

    private sealed class MailboxWriter(MailboxChannel<T> channel) : ChannelWriter<T>
    {
        public override bool TryWrite(T item) => channel.TryWrite(item);
        public override bool TryComplete(Exception? error = null) => channel.Complete();
        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
            new(!channel.IsCompleted);
    }
}
