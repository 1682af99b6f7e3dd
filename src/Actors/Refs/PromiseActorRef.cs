using ActorNet.Actors.Dispatch;

namespace ActorNet.Actors;

/// <summary>
/// The temporary actor behind <c>Ask</c>: the first message it is told completes the task. It is
/// registered under <c>/temp</c> so that a remote reply addressed to its path finds it.
/// </summary>
internal sealed class PromiseActorRef : IInternalActorRef
{
    // Completed by the reply (or faulted by a Status.Failure).
    private readonly TaskCompletionSource<object> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Removes the registration once the ask ends.
    private readonly TempContainer _container;

    public PromiseActorRef(TempContainer container, ActorPath path)
    {
        _container = container;
        Path = path;
    }

    public ActorPath Path { get; }

    public bool IsLocal => true;

    public Task<object> Task => _promise.Task;

    /// <summary>Where a remote reply's float tail may be received (see <see cref="ReplyLanding"/>); null for none.</summary>
    public ReplyLanding? Landing { get; init; }

    public void Tell(object message, IActorRef? sender = null)
    {
        bool completed = message is Status.Failure failure ? _promise.TrySetException(failure.Cause) : _promise.TrySetResult(message);
        if (completed) _container.Unregister(this);
    }

    public bool TryFail(Exception error)
    {
        if (!_promise.TrySetException(error)) return false;
        _container.Unregister(this);
        return true;
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && watch.Watcher is IInternalActorRef watcher && _promise.Task.IsCompleted)
            watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: true, AddressTerminated: false));
    }

    public override bool Equals(object? obj) => obj is IActorRef other && Path.Equals(other.Path);

    public override int GetHashCode() => Path.GetHashCode();

    public override string ToString() => $"[{Path}]";
}
