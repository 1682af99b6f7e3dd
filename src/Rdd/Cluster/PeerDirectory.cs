using System.Collections.Concurrent;
using ActorNet.DataPlane;
using Akka.Actor;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// The peer nodes an executor reads shuffle segments from, by executor id (the node's Akka address): each peer's
/// data-plane address, asked of its executor host once, and a token per peer that is cancelled when cluster
/// membership reports the peer unreachable or removed, so that a reducer blocked on a dead peer's segment fails at
/// once instead of waiting for its request to time out.
/// </summary>
internal sealed class PeerDirectory(ActorSystem system, DataPlaneNode dataPlane)
{
    private readonly ConcurrentDictionary<string, DataPlaneAddress> _addresses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _lost = new(StringComparer.Ordinal);

    /// <summary>Sends a data-plane request to the peer's node and returns the reply's bytes.</summary>
    public async Task<byte[]> FetchAsync(string executorId, string service, byte[] header, TimeSpan timeout)
    {
        var lost = _lost.GetOrAdd(executorId, _ => new CancellationTokenSource()).Token;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(lost);
        deadline.CancelAfter(timeout);
        if (!_addresses.TryGetValue(executorId, out var address))
        {
            var reply = await system.ActorSelection(ExecutorHost.PathOn(executorId)).Ask<object>(new GetDataPlane(), timeout, deadline.Token).ConfigureAwait(false);
            address = reply is DataPlaneAt at ? DataPlaneAddress.Parse(at.Address)
                : throw new InvalidOperationException($"executor host {executorId} answered {reply.GetType().Name} for its data plane");
            _addresses[executorId] = address;
        }
        return await DataPlaneProtocol.FetchBytesAsync(dataPlane, address, service, header, deadline.Token).ConfigureAwait(false);
    }

    /// <summary>The peer's node is unreachable or gone: fail the requests waiting on it, forget its address.</summary>
    public void Lost(string executorId)
    {
        _addresses.TryRemove(executorId, out _);
        if (_lost.TryRemove(executorId, out var cts))
        {
            cts.Cancel();
            cts.Dispose();
        }
    }
}
