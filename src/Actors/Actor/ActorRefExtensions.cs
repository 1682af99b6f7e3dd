namespace ActorNet.Actors;

/// <summary><c>Ask</c> and <c>Forward</c>, available on every <see cref="IActorRef"/>.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> and waits for the first reply. A <see cref="Status.Failure"/>
    /// reply throws its cause.
    /// </summary>
    /// <exception cref="AskTimeoutException">No reply within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidCastException">The reply is not a <typeparamref name="T"/>.</exception>
    public static Task<T> Ask<T>(this IActorRef actor, object message, TimeSpan timeout) =>
        Ask<T>(actor, message, timeout, CancellationToken.None);

    /// <summary>Like <see cref="Ask{T}(IActorRef, object, TimeSpan)"/>, and ends with <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.</summary>
    public static Task<T> Ask<T>(this IActorRef actor, object message, TimeSpan timeout, CancellationToken cancellationToken) =>
        Ask<T>(actor, message, timeout, landing: null, cancellationToken);

    /// <summary>
    /// As <see cref="Ask{T}(IActorRef, object, TimeSpan, CancellationToken)"/>; a remote reply carrying one float tail as long
    /// as <paramref name="landing"/>'s segment is received into it. The caller closes the landing when the ask has ended.
    /// </summary>
    internal static async Task<T> Ask<T>(this IActorRef actor, object message, TimeSpan timeout, ReplyLanding? landing, CancellationToken cancellationToken)
    {
        var system = SystemOf(actor);
        cancellationToken.ThrowIfCancellationRequested();
        var promise = system.Temp.CreatePromise(landing);
        using var timer = system.TimeProvider.CreateTimer(static s =>
        {
            var (p, target, t) = ((PromiseActorRef, IActorRef, TimeSpan))s!;
            p.TryFail(new AskTimeoutException($"Ask of {target.Path} timed out after {t.TotalMilliseconds:0} ms"));
        }, (promise, actor, timeout), timeout, Timeout.InfiniteTimeSpan);
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static s =>
            {
                var (p, token) = ((PromiseActorRef, CancellationToken))s!;
                p.TryFail(new OperationCanceledException("the ask was canceled", token));
            }, (promise, cancellationToken))
            : default;
        actor.Tell(message, promise);
        object reply = await promise.Task.ConfigureAwait(false);
        return reply is T typed
            ? typed
            : throw new InvalidCastException($"Ask of {actor.Path} expected {typeof(T).Name} but the reply was {reply.GetType().Name}");
    }

    /// <summary>Sends with the system's default timeout (<c>actornet:actor:ask-timeout</c>).</summary>
    public static Task<T> Ask<T>(this IActorRef actor, object message, CancellationToken cancellationToken = default) =>
        Ask<T>(actor, message, SystemOf(actor).Settings.AskTimeout, cancellationToken);

    /// <summary>Sends <paramref name="message"/> keeping the original sender of the message being processed.</summary>
    public static void Forward(this IActorRef actor, object message) =>
        actor.Tell(message, ActorCell.Current?.Sender ?? ActorRefs.NoSender);

    private static ActorSystem SystemOf(IActorRef actor) => actor switch
    {
        LocalActorRef local => local.Cell.System,
        ISystemBoundRef bound => bound.System,
        _ => throw new ArgumentException($"cannot ask {actor.Path}: it belongs to no actor system", nameof(actor)),
    };
}
