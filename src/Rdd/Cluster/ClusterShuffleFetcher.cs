using ActorNet.DataPlane;
using ActorNet.Rdd.Shuffle;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// Reads map-output segments for an executor's reducers: its own outputs straight from its shuffle files, a
/// peer's from the peer node's data plane (the executor id is the peer node's address). A peer that is gone, does
/// not answer in time or lost the file makes a <see cref="FetchFailedException"/>, which sends the DAG scheduler
/// back to the map stage.
/// </summary>
internal sealed class ClusterShuffleFetcher(PeerDirectory peers, string appId, string executorId, LocalShuffleFiles localFiles) : IShuffleBlockFetcher
{
    public Stream Open(MapStatus status, int shuffleId, int reduceId)
    {
        if (status.ExecutorId == executorId) return localFiles.Open(status, shuffleId, reduceId);
        try
        {
            var header = DataPlaneProtocol.Encode(new SegmentRequest(appId, shuffleId, status.MapId, reduceId));
            var bytes = peers.FetchAsync(status.ExecutorId, DataPlaneProtocol.ShuffleService, header, ExecutorApplication.AskTimeout).GetAwaiter().GetResult();
            return new MemoryStream(bytes, writable: false);
        }
        catch (Exception e) when (e is TimeoutException or Akka.Actor.ActorNotFoundException or InvalidOperationException or OperationCanceledException
                                      or DataPlaneException or Akka.Actor.AskTimeoutException)
        {
            throw new FetchFailedException(shuffleId, status.MapId, reduceId, status.ExecutorId,
                $"Cannot fetch shuffle {shuffleId} map {status.MapId} reduce {reduceId} from executor {status.ExecutorId}: {e.Message}");
        }
    }
}
