using System.Diagnostics;
using System.Threading.Channels;
using ActorNet.Actors;

namespace ActorNet.TestKit;

/// <summary>
/// An actor whose received messages a test inspects in order: <see cref="ExpectMsg{T}(TimeSpan?)"/>,
/// <see cref="ExpectNoMsg"/>, <see cref="FishForMessage{T}"/>, <see cref="ExpectTerminated"/>. Waits use
/// real time with <see cref="DefaultTimeout"/> unless told otherwise; inside <see cref="Within(TimeSpan, Action)"/>
/// they share that block's deadline.
/// </summary>
public sealed class TestProbe
{
    // Messages received by the probe actor, in arrival order.
    private readonly Channel<(object Message, IActorRef Sender)> _queue =
        Channel.CreateUnbounded<(object, IActorRef)>(new UnboundedChannelOptions { SingleReader = true });
    // Deadline of the innermost Within block, or null.
    private DateTime? _deadline;

    /// <summary>Creates a probe actor in <paramref name="system"/>.</summary>
    public TestProbe(ActorSystem system, string? name = null)
    {
        System = system;
        Ref = system.ActorOf(Props.Create(() => new ProbeActor(_queue.Writer)), name);
    }

    /// <summary>The system the probe lives in.</summary>
    public ActorSystem System { get; }

    /// <summary>The probe's reference: give it to actors under test as a sender or target.</summary>
    public IActorRef Ref { get; }

    /// <summary>The sender of the last message taken from the probe.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.NoSender;

    /// <summary>The last message taken from the probe.</summary>
    public object? LastMessage { get; private set; }

    /// <summary>How long expectations wait when given no timeout (default 5 s).</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Tells <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Replies to <see cref="LastSender"/>.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Forwards the last message to <paramref name="target"/>, keeping its original sender.</summary>
    public void Forward(IActorRef target) =>
        target.Tell(LastMessage ?? throw new TestKitAssertionException("Forward: no message received yet"), LastSender);

    /// <summary>Takes the next message, whatever it is.</summary>
    /// <exception cref="TestKitAssertionException">Nothing arrived in time.</exception>
    public object ReceiveOne(TimeSpan? timeout = null) =>
        TryReceive(Remaining(timeout), out var message) ? message : throw new TestKitAssertionException($"timeout ({Remaining(timeout)}) while waiting for a message");

    /// <summary>Expects the next message to be a <typeparamref name="T"/> and returns it.</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(_ => true, timeout, "any");

    /// <summary>Expects the next message to be a <typeparamref name="T"/> equal to <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) =>
        ExpectMsg<T>(m => Equals(m, expected), timeout, $"equal to {expected}");

    /// <summary>Expects the next message to be a <typeparamref name="T"/> satisfying <paramref name="predicate"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => ExpectMsg(predicate, timeout, "matching the predicate");

    private T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout, string what)
    {
        var wait = Remaining(timeout);
        if (!TryReceive(wait, out var message))
            throw new TestKitAssertionException($"timeout ({wait}) while waiting for a {typeof(T).Name} ({what})");
        if (message is not T typed)
            throw new TestKitAssertionException($"expected a {typeof(T).Name} ({what}) but received {Describe(message)}");
        if (!predicate(typed))
            throw new TestKitAssertionException($"expected a {typeof(T).Name} {what} but received {Describe(message)}");
        return typed;
    }

    /// <summary>Expects no message to arrive during <paramref name="duration"/>.</summary>
    public void ExpectNoMsg(TimeSpan duration)
    {
        if (TryReceive(duration, out var message))
            throw new TestKitAssertionException($"expected no message for {duration} but received {Describe(message)}");
    }

    /// <summary>Skips messages until one is a <typeparamref name="T"/> satisfying <paramref name="isTheOne"/>, and returns it.</summary>
    public T FishForMessage<T>(Predicate<T> isTheOne, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + Remaining(timeout);
        var skipped = new List<string>();
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !TryReceive(left, out var message))
                throw new TestKitAssertionException($"no matching {typeof(T).Name} arrived; skipped: [{string.Join(", ", skipped)}]");
            if (message is T typed && isTheOne(typed)) return typed;
            skipped.Add(Describe(message));
        }
    }

    /// <summary>Makes the probe watch <paramref name="subject"/> (so <see cref="ExpectTerminated"/> can see it stop).</summary>
    public IActorRef Watch(IActorRef subject)
    {
        Ref.Ask<ProbeActor.WatchRequest>(new ProbeActor.WatchRequest(subject, true), DefaultTimeout).GetAwaiter().GetResult();
        return subject;
    }

    /// <summary>Stops watching <paramref name="subject"/>.</summary>
    public IActorRef Unwatch(IActorRef subject)
    {
        Ref.Ask<ProbeActor.WatchRequest>(new ProbeActor.WatchRequest(subject, false), DefaultTimeout).GetAwaiter().GetResult();
        return subject;
    }

    /// <summary>Expects the <see cref="Terminated"/> of a watched actor.</summary>
    public Terminated ExpectTerminated(IActorRef subject, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(subject), timeout, $"for {subject.Path}");

    /// <summary>Runs <paramref name="block"/>, whose expectations share one deadline of <paramref name="max"/>; fails if the block overruns it.</summary>
    public void Within(TimeSpan max, Action block) => Within(max, () => { block(); return 0; });

    /// <summary>Runs <paramref name="block"/> with a shared deadline and returns its result.</summary>
    public T Within<T>(TimeSpan max, Func<T> block)
    {
        var outer = _deadline;
        var deadline = DateTime.UtcNow + max;
        _deadline = outer is { } o && o < deadline ? o : deadline;
        try
        {
            var result = block();
            if (DateTime.UtcNow > _deadline) throw new TestKitAssertionException($"block took longer than {max}");
            return result;
        }
        finally
        {
            _deadline = outer;
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it stops throwing or <paramref name="duration"/> passes (then rethrows its last failure).</summary>
    public static void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = duration ?? TimeSpan.FromSeconds(5);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception error) when (deadline.Elapsed < limit)
            {
                _ = error;
                Thread.Sleep(interval ?? TimeSpan.FromMilliseconds(20));
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> is true or <paramref name="duration"/> passes.</summary>
    public static void AwaitCondition(Func<bool> condition, TimeSpan? duration = null, string? message = null) =>
        AwaitAssert(() =>
        {
            if (!condition()) throw new TestKitAssertionException(message ?? "condition never became true");
        }, duration);

    private TimeSpan Remaining(TimeSpan? timeout)
    {
        var wanted = timeout ?? DefaultTimeout;
        if (_deadline is not { } deadline) return wanted;
        var left = deadline - DateTime.UtcNow;
        return left < wanted ? (left < TimeSpan.Zero ? TimeSpan.Zero : left) : wanted;
    }

    private bool TryReceive(TimeSpan timeout, out object message)
    {
        if (!_queue.Reader.TryRead(out var item))
        {
            // WaitToReadAsync never consumes an item, so a wait that times out cannot lose a message.
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                do
                {
                    _queue.Reader.WaitToReadAsync(cts.Token).AsTask().GetAwaiter().GetResult();
                } while (!_queue.Reader.TryRead(out item));
            }
            catch (OperationCanceledException)
            {
                message = null!;
                return false;
            }
        }
        LastMessage = message = item.Message;
        LastSender = item.Sender;
        return true;
    }

    private static string Describe(object message) => $"{message.GetType().Name} {message}";
}
