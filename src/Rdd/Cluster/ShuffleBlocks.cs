using ActorNet.DataPlane;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// A worker node's data-plane service (<see cref="DataPlaneProtocol.ShuffleService"/>): the bytes one map output of an
/// application's executor holds for one reducer. A segment that cannot be read answers an error naming it, which the
/// reducer turns into a fetch failure.
/// </summary>
internal sealed class ShuffleBlocks(ExecutorApplications apps, string executorId) : IBlockHandler
{
    public ValueTask<BlockReply> HandleAsync(BlockRequest request, CancellationToken cancellationToken)
    {
        var segment = DataPlaneProtocol.Decode<SegmentRequest>(request.Header);
        var app = apps.Find(segment.AppId)
            ?? throw new InvalidOperationException($"application {segment.AppId} has no executor on {executorId}");
        byte[] bytes;
        try
        {
            bytes = app.ShuffleFiles.ReadSegment(segment.ShuffleId, segment.MapId, segment.ReduceId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"cannot read shuffle {segment.ShuffleId} map {segment.MapId} reduce {segment.ReduceId} on {executorId}: {e.Message}", e);
        }
        return ValueTask.FromResult(new BlockReply(ReadOnlyMemory<byte>.Empty, BlockBody.FromBytes(bytes)));
    }
}
