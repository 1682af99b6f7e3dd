namespace ActorNet.Actors;

/// <summary>
/// An actor whose behaviour is a list of typed handlers registered in its constructor (or inside
/// <see cref="Become(Action)"/>): the first handler whose type (and predicate) matches handles a message.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    // The handlers registered by the constructor: the initial behaviour.
    private readonly HandlerSet _initial = new();
    // The set receiving registrations right now; null once construction is over.
    private HandlerSet? _building;

    /// <summary>Starts collecting the handlers the subclass constructor registers.</summary>
    protected ReceiveActor() => _building = _initial;

    /// <summary>Handles messages of type <typeparamref name="T"/>.</summary>
    protected void Receive<T>(Action<T> handler) => Add(new SyncHandler<T>(handler, null));

    /// <summary>Handles messages of type <typeparamref name="T"/> for which <paramref name="shouldHandle"/> is true.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) => Add(new SyncHandler<T>(handler, shouldHandle));

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> asynchronously. The actor takes no other user
    /// message until the returned task completes; a faulted task fails the actor like a thrown exception.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null) =>
        Add(new AsyncHandler<T>(Cell, handler, shouldHandle));

    /// <summary>Handles any message not handled by the handlers registered before it.</summary>
    protected void ReceiveAny(Action<object> handler) => Add(new SyncHandler<object>(handler, null));

    /// <summary>Handles any message asynchronously (see <see cref="ReceiveAsync{T}"/>).</summary>
    protected void ReceiveAnyAsync(Func<object, Task> handler) => Add(new AsyncHandler<object>(Cell, handler, null));

    /// <summary>Replaces the behaviour with the handlers <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Context.Become(Build(configure));

    /// <summary>Pushes the handlers <paramref name="configure"/> registers; <see cref="UnbecomeStacked"/> pops them.</summary>
    protected void BecomeStacked(Action configure) => Context.BecomeStacked(Build(configure));

    /// <summary>Returns to the previous behaviour.</summary>
    protected void UnbecomeStacked() => Context.UnbecomeStacked();

    /// <inheritdoc />
    protected internal sealed override bool Receive(object message) => _initial.Handle(message);

    internal override void AfterConstruction() => _building = null;

    private Receive Build(Action configure)
    {
        var previous = _building;
        var set = new HandlerSet();
        _building = set;
        try { configure(); }
        finally { _building = previous; }
        return set.Handle;
    }

    private void Add(Handler handler)
    {
        if (_building is null)
            throw new InvalidOperationException(
                $"{GetType().Name}: Receive handlers can only be registered in the constructor or inside Become");
        _building.Add(handler);
    }

    /// <summary>An ordered list of handlers; the hot path is one type test per handler tried.</summary>
    private sealed class HandlerSet
    {
        private Handler[] _handlers = [];

        public void Add(Handler handler) => _handlers = [.. _handlers, handler];

        public bool Handle(object message)
        {
            foreach (var handler in _handlers)
                if (handler.TryHandle(message)) return true;
            return false;
        }
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class SyncHandler<T>(Action<T> action, Predicate<T>? predicate) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (predicate is not null && !predicate(typed))) return false;
            action(typed);
            return true;
        }
    }

    private sealed class AsyncHandler<T>(ActorCell cell, Func<T, Task> action, Predicate<T>? predicate) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (predicate is not null && !predicate(typed))) return false;
            cell.RunAsyncHandler(() => action(typed));
            return true;
        }
    }
}
