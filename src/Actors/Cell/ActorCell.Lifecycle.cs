using ActorNet.Actors.Dispatch;
using Microsoft.Extensions.Logging;

namespace ActorNet.Actors;

internal sealed partial class ActorCell
{
    // Suspensions in force (own failure, parent's failure); user messages wait while > 0.
    private int _suspendCount;
    // True between a failure and the supervisor's Resume/Restart; further failures are ignored.
    private bool _failed;
    // The message that was processed when the actor failed (passed to PreRestart).
    private object? _failedMessage;
    // Set by Terminate; the actor finishes stopping once its children have stopped.
    private bool _terminating;
    // Set once PostStop has run and watchers were told.
    private volatile bool _terminated;
    // A restart waiting for children stopped by PreRestart.
    private Exception? _pendingRecreateCause;

    internal bool IsTerminated => _terminated;

    internal void SystemInvoke(SystemMessage message)
    {
        if (_terminated)
        {
            SystemInvokeAfterDeath(message);
            return;
        }
        try
        {
            switch (message)
            {
                case Create: HandleCreate(); break;
                case Terminate: HandleTerminate(); break;
                case Suspend: _suspendCount++; SendToChildren(message); break;
                case Resume: HandleResume(); break;
                case Recreate recreate: HandleRecreate(recreate.Cause); break;
                case Failed failed: HandleFailed(failed); break;
                case ChildTerminated childTerminated: HandleChildTerminated(childTerminated.Child); break;
                case Watch watch: HandleWatch(watch); break;
                case Unwatch unwatch: HandleUnwatch(unwatch); break;
                case DeathWatchNotification notification: HandleDeathWatchNotification(notification); break;
                case AsyncHandlerCompleted completed: HandleAsyncCompleted(completed); break;
            }
        }
        catch (Exception error)
        {
            HandleInvokeFailure(error);
        }
    }

    /// <summary>System messages reaching a stopped actor: a late watcher still gets its Terminated.</summary>
    internal void SystemInvokeAfterDeath(SystemMessage message)
    {
        if (message is Watch watch && !watch.Watcher.Equals(Self) && watch.Watcher is IInternalActorRef watcher)
            watcher.SendSystemMessage(new DeathWatchNotification(Self, ExistenceConfirmed: true, AddressTerminated: false));
    }

    private void HandleCreate()
    {
        if (!TryCreateInstance(out var error))
        {
            HandleInvokeFailure(error);
            return;
        }
        try { _actor!.InvokePreStart(); }
        catch (Exception preStartError)
        {
            HandleInvokeFailure(new ActorInitializationException(Self, $"{Self.Path}: PreStart threw: {preStartError.Message}", preStartError));
        }
    }

    private bool TryCreateInstance(out Exception error)
    {
        _behaviors.Clear();
        Constructing = this;
        try
        {
            var actor = Props.NewActor();
            if (!ReferenceEquals(actor.Cell, this))
                throw new InvalidOperationException($"the Props factory of {Self.Path} returned an actor created elsewhere");
            actor.AfterConstruction();
            if (actor is IWithStash withStash) withStash.Stash = new ActorStash(this);
            if (actor is IWithTimers withTimers) withTimers.Timers = _timers ??= new TimerScheduler(this);
            _actor = actor;
            _initialBehavior = actor.Receive;
            error = null!;
            return true;
        }
        catch (Exception e)
        {
            var cause = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e;
            error = new ActorInitializationException(Self, $"{Self.Path}: creating {Props.ActorType.Name} threw: {cause.Message}", cause);
            return false;
        }
        finally
        {
            Constructing = null;
        }
    }

    /// <summary>Suspends the actor and its children and reports the failure to the supervisor.</summary>
    internal void HandleInvokeFailure(Exception error)
    {
        if (_terminating)
        {
            Log.LogError(error, "{Actor} threw while stopping", Self.Path);
            return;
        }
        if (_failed) return;
        _failed = true;
        _failedMessage = _current.Message;
        _suspendCount++;
        SendToChildren(new Suspend());
        _parent.SendSystemMessage(new Failed(Self, error));
    }

    private void HandleFailed(Failed failed)
    {
        if (!_children.TryGetValue(failed.Child.Path.Name, out var stats) || !stats.Child.Equals(failed.Child)) return;
        var strategy = Props.SupervisorStrategy ?? _actor?.GetSupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy;
        if (!strategy.HandleFailure(this, stats, failed.Cause, ChildStats))
            throw failed.Cause; // Escalate: this actor fails with the child's exception.
    }

    private void HandleResume()
    {
        if (_suspendCount > 0) _suspendCount--;
        _failed = false;
        SendToChildren(new Resume(null));
    }

    private void HandleRecreate(Exception cause)
    {
        if (_terminating) return;
        var failedActor = _actor;
        if (failedActor is not null)
        {
            try { failedActor.InvokePreRestart(cause, _failedMessage); }
            catch (Exception error) { Log.LogError(error, "{Actor}: PreRestart threw", Self.Path); }
        }
        _timers?.CancelAll();
        _actor = null;
        if (_stoppingChildren.Count > 0) _pendingRecreateCause = cause;
        else FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        _pendingRecreateCause = null;
        _failed = false;
        if (!TryCreateInstance(out var error))
        {
            HandleInvokeFailure(error);
            return;
        }
        if (_suspendCount > 0) _suspendCount--;
        SendToChildren(new Resume(null));
        try { _actor!.InvokePostRestart(cause); }
        catch (Exception postRestartError)
        {
            HandleInvokeFailure(new ActorInitializationException(Self, $"{Self.Path}: PostRestart threw: {postRestartError.Message}", postRestartError));
        }
    }

    private void HandleTerminate()
    {
        if (_terminating) return;
        _terminating = true;
        _refusingChildren = true;
        foreach (var watchee in _watching)
            if (watchee is IInternalActorRef target) target.SendSystemMessage(new Unwatch(watchee, Self));
        _watching.Clear();
        foreach (var stats in _children.Values) StopChild(stats.Child);
        if (_stoppingChildren.Count == 0) FinishTerminate();
    }

    private void FinishTerminate()
    {
        var actor = _actor;
        if (actor is not null)
        {
            try { actor.InvokePostStop(); }
            catch (Exception error) { Log.LogError(error, "{Actor}: PostStop threw", Self.Path); }
        }
        _timers?.CancelAll();
        _stash?.DropAllToDeadLetters();
        if (_prepended is not null)
            foreach (var envelope in _prepended) System.DeadLetterRef.Publish(envelope.Message, envelope.Sender, Self);
        _prepended = null;
        _actor = null;
        _terminated = true;
        Mailbox.Close();
        foreach (var watcher in _watchedBy)
            if (watcher is IInternalActorRef target)
                target.SendSystemMessage(new DeathWatchNotification(Self, ExistenceConfirmed: true, AddressTerminated: false));
        _watchedBy.Clear();
        _parent.SendSystemMessage(new ChildTerminated(Self));
    }
}
