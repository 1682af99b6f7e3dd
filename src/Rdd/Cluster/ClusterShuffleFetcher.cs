using ActorNet.Actors;
using ActorNet.Rdd.Shuffle;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// Reads map-output segments for an executor's reducers: its own outputs straight from its shuffle files, a
/// peer's by asking the peer's executor host (the executor id is the peer node's address) for the segment bytes.
/// A peer that is gone, does not answer in time or lost the file makes a <see cref="FetchFailedException"/>,
/// which sends the DAG scheduler back to the map stage.
/// </summary>
internal sealed class ClusterShuffleFetcher(PeerDirectory peers, string appId, string executorId, LocalShuffleFiles localFiles) : IShuffleBlockFetcher
{
    public Stream Open(MapStatus status, int shuffleId, int reduceId)
    {
        if (status.ExecutorId == executorId) return localFiles.Open(status, shuffleId, reduceId);
        object reply;
        try
        {
            reply = peers.AskAsync(status.ExecutorId, new FetchSegment(appId, shuffleId, status.MapId, reduceId), ExecutorApplication.AskTimeout)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is TimeoutException or ActorNotFoundException or InvalidOperationException or OperationCanceledException)
        {
            throw Failed(status, shuffleId, reduceId, e.Message);
        }
        return reply switch
        {
            byte[] bytes => new MemoryStream(bytes, writable: false),
            SegmentMissing missing => throw Failed(status, shuffleId, reduceId, missing.Message),
            _ => throw Failed(status, shuffleId, reduceId, $"unexpected reply {reply.GetType().Name}"),
        };
    }

    private static FetchFailedException Failed(MapStatus status, int shuffleId, int reduceId, string why) =>
        new(shuffleId, status.MapId, reduceId, status.ExecutorId,
            $"Cannot fetch shuffle {shuffleId} map {status.MapId} reduce {reduceId} from executor {status.ExecutorId}: {why}");
}
