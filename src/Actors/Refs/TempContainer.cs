using System.Collections.Concurrent;

namespace ActorNet.Actors;

/// <summary>The <c>/temp</c> branch of the actor tree: live ask promises, found by name for remote replies.</summary>
internal sealed class TempContainer(ActorPath path)
{
    // Promises by their generated name.
    private readonly ConcurrentDictionary<string, PromiseActorRef> _promises = new(StringComparer.Ordinal);
    // Counter for promise names.
    private long _next;

    public ActorPath Path { get; } = path;

    public PromiseActorRef CreatePromise(ReplyLanding? landing = null)
    {
        var name = "$" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var promise = new PromiseActorRef(this, Path.Child(name)) { Landing = landing };
        _promises[name] = promise;
        return promise;
    }

    public void Unregister(PromiseActorRef promise) => _promises.TryRemove(promise.Path.Name, out _);

    public IActorRef? Find(string name) => _promises.TryGetValue(name, out var promise) ? promise : null;
}
