using ActorNet.Actors.Dispatch;
using Microsoft.Extensions.Logging;

namespace ActorNet.Actors;

/// <summary>
/// The runtime side of one actor: its mailbox, current instance, behaviour stack, children, watchers and
/// supervision state. Everything except the children map and the mailbox is touched only by the thread
/// currently running the mailbox, so it needs no locks.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    // The cell whose mailbox the current thread is running (implicit sender, Forward).
    [ThreadStatic] private static ActorCell? t_current;
    // The cell whose Props factory is running on this thread (binds a new ActorBase to its cell).
    [ThreadStatic] private static ActorCell? t_constructing;
    // The cell of an async handler whose continuation runs off the mailbox thread.
    private static readonly AsyncLocal<ActorCell?> s_asyncCurrent = new();
    // Async handlers ever started; while zero, Current skips the (slower) AsyncLocal lookup.
    private static int s_asyncHandlersStarted;

    // The user-visible reference.
    private readonly LocalActorRef _self;
    // The supervisor (the root's is a sentinel owned by the system).
    private readonly IInternalActorRef _parent;
    // The live actor instance; null before creation, between failure and restart, and after stop.
    private ActorBase? _actor;
    // The message being processed.
    private Envelope _current;
    // The behaviour stack; the last element is active, an empty stack means the actor's own Receive.
    private readonly List<Receive> _behaviors = [];
    // The actor's own Receive, bound once.
    private Receive? _initialBehavior;
    // Messages to process before the mailbox (unstashed ones), in order.
    private LinkedList<Envelope>? _prepended;

    public ActorCell(ActorSystem system, LocalActorRef self, Props props, IInternalActorRef parent, Mailbox mailbox)
    {
        System = system;
        _self = self;
        Props = props;
        _parent = parent;
        Mailbox = mailbox;
        mailbox.SetCell(this);
    }

    public ActorSystem System { get; }
    public Props Props { get; }
    public Mailbox Mailbox { get; }
    public ILogger Log => System.Log;
    public IActorRef Self => _self;
    public IActorRef Parent => _parent;
    public IInternalActorRef InternalParent => _parent;
    public IActorRef Sender => _current.Sender ?? ActorRefs.NoSender;
    internal object? CurrentMessage => _current.Message;
    internal ActorBase? Actor => _actor;

    internal static ActorCell? Constructing { get => t_constructing; set => t_constructing = value; }

    /// <summary>The actor running on this thread (or in this async handler), if any.</summary>
    internal static ActorCell? Current => t_current ?? (s_asyncHandlersStarted == 0 ? null : s_asyncCurrent.Value);

    internal static ActorCell? EnterThread(ActorCell cell)
    {
        var previous = t_current;
        t_current = cell;
        return previous;
    }

    internal static void LeaveThread(ActorCell? previous) => t_current = previous;

    internal bool CanProcessUserMessages => _suspendCount == 0 && !_awaitingTask && !_terminating && _actor is not null;

    internal bool HasPrepended => _prepended is { Count: > 0 };

    internal bool TryTakePrepended(out Envelope envelope)
    {
        if (_prepended is { Count: > 0 } list)
        {
            envelope = list.First!.Value;
            list.RemoveFirst();
            return true;
        }
        envelope = default;
        return false;
    }

    internal void Prepend(IReadOnlyList<Envelope> envelopes)
    {
        _prepended ??= new LinkedList<Envelope>();
        for (int i = envelopes.Count - 1; i >= 0; i--) _prepended.AddFirst(envelopes[i]);
    }

    /// <summary>Processes one user message; failures go to the supervisor, never up the thread.</summary>
    internal void Invoke(in Envelope envelope)
    {
        _current = envelope;
        try
        {
            object message = envelope.Message;
            if (message is AutoReceivedMessage) AutoReceive(message);
            else if (!CurrentBehavior(message)) _actor!.InvokeUnhandled(message);
        }
        catch (Exception error)
        {
            HandleInvokeFailure(error);
        }
    }

    private Receive CurrentBehavior => _behaviors.Count > 0 ? _behaviors[^1] : _initialBehavior!;

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case PoisonPill:
                Stop(Self);
                break;
            case Kill:
                throw new ActorKilledException("Kill");
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, Self), Self);
                break;
            case WatchedTerminated watched:
                if (!_watching.Remove(watched.Terminated.ActorRef)) return;
                DeliverUnwrapped(watched.Terminated);
                break;
            case TimerScheduler.TimerMessage timer:
                if (_timers is not null && _timers.Accept(timer)) DeliverUnwrapped(timer.Message);
                break;
        }
    }

    /// <summary>Hands the payload of an internal wrapper to the behaviour as if it had been sent itself (so Stash keeps the payload).</summary>
    private void DeliverUnwrapped(object message)
    {
        _current = new Envelope(message, _current.Sender);
        if (!CurrentBehavior(message)) _actor!.InvokeUnhandled(message);
    }

    public void Become(Receive receive, bool discardOld = true)
    {
        if (discardOld && _behaviors.Count > 0) _behaviors.RemoveAt(_behaviors.Count - 1);
        _behaviors.Add(receive);
    }

    public void BecomeStacked(Receive receive) => Become(receive, discardOld: false);

    public void UnbecomeStacked()
    {
        if (_behaviors.Count > 0) _behaviors.RemoveAt(_behaviors.Count - 1);
    }

    public void Unbecome() => UnbecomeStacked();

    public override string ToString() => $"ActorCell({_self.Path})";
}
