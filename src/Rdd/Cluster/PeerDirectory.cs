using System.Collections.Concurrent;
using ActorNet.Actors;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// The executor hosts of peer nodes, by executor id (the node's address): their references, resolved once, and a
/// token per peer that is cancelled when cluster membership reports the peer unreachable or removed, so that a
/// reducer blocked on a dead peer's segment fails at once instead of waiting for its ask to time out.
/// </summary>
internal sealed class PeerDirectory(ActorSystem system)
{
    private readonly ConcurrentDictionary<string, IActorRef> _refs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _lost = new(StringComparer.Ordinal);

    public async Task<object> AskAsync(string executorId, object message, TimeSpan timeout)
    {
        var token = _lost.GetOrAdd(executorId, _ => new CancellationTokenSource()).Token;
        if (!_refs.TryGetValue(executorId, out var peer))
        {
            peer = await system.ActorSelection(ExecutorHost.PathOn(executorId)).ResolveOne(timeout, token).ConfigureAwait(false);
            _refs[executorId] = peer;
        }
        return await peer.Ask<object>(message, timeout, token).ConfigureAwait(false);
    }

    /// <summary>The peer's node is unreachable or gone: fail the asks waiting on it, forget its reference.</summary>
    public void Lost(string executorId)
    {
        _refs.TryRemove(executorId, out _);
        if (_lost.TryRemove(executorId, out var cts))
        {
            cts.Cancel();
            cts.Dispose();
        }
    }
}
