using ActorNet.Actors.Dispatch;

namespace ActorNet.Actors;

/// <summary>
/// The base of every actor. An actor is created only through <see cref="Props"/> (never with <c>new</c>
/// outside a props factory), processes one message at a time, and is supervised by its parent.
/// </summary>
public abstract class ActorBase
{
    /// <summary>Binds the new instance to the cell that is creating it.</summary>
    /// <exception cref="InvalidOperationException">The actor was created with <c>new</c> instead of through Props.</exception>
    protected ActorBase()
    {
        Cell = ActorCell.Constructing
            ?? throw new InvalidOperationException(
                $"{GetType().Name} must be created by ActorOf(Props), not with 'new' outside a Props factory");
        ActorCell.Constructing = null;
    }

    // The runtime state of this actor (mailbox, children, watchers).
    internal ActorCell Cell { get; }

    /// <summary>This actor's reference.</summary>
    protected IActorRef Self => Cell.Self;

    /// <summary>The sender of the message being processed.</summary>
    protected IActorRef Sender => Cell.Sender;

    /// <summary>This actor's context (children, watch, become).</summary>
    protected IActorContext Context => Cell;

    /// <summary>Handles a message; returns false when the message is not handled.</summary>
    protected internal abstract bool Receive(object message);

    /// <summary>
    /// Called for messages no behaviour handled. An unhandled <see cref="Terminated"/> throws
    /// <see cref="DeathPactException"/>; anything else is published as <see cref="UnhandledMessage"/>.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated) throw new DeathPactException(terminated.ActorRef);
        Cell.System.EventStream.Publish(new UnhandledMessage(message, Sender, Self));
    }

    /// <summary>Called before the first message, after the actor was created.</summary>
    protected virtual void PreStart() { }

    /// <summary>Called after the actor stopped (its children have stopped already).</summary>
    protected virtual void PostStop() { }

    /// <summary>
    /// Called on the failed instance before a restart. By default it stops all children and calls
    /// <see cref="PostStop"/>.
    /// </summary>
    /// <param name="reason">The exception that caused the restart.</param>
    /// <param name="message">The message being processed when the failure happened, if any.</param>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }
        PostStop();
    }

    /// <summary>Called on the fresh instance after a restart. By default it calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>The strategy this actor applies to its failing children (default: restart on any exception).</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.DefaultStrategy;

    internal void InvokePreStart() => PreStart();
    internal void InvokePostStop() => PostStop();
    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);
    internal void InvokePostRestart(Exception reason) => PostRestart(reason);
    internal void InvokeUnhandled(object message) => Unhandled(message);
    internal SupervisorStrategy GetSupervisorStrategy() => SupervisorStrategy();

    /// <summary>Runs once the constructor has returned; lets subclasses seal their configuration.</summary>
    internal virtual void AfterConstruction() { }
}
