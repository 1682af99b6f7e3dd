using ActorNet.DataPlane;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// The driver's data-plane service (<see cref="DataPlaneProtocol.DriverService"/>): stage binaries, application
/// assemblies and broadcast chunks for executors, and task ends too large for an Akka message.
/// </summary>
internal sealed class DriverBlocks(ClusterBackend backend) : IBlockHandler
{
    public ValueTask<BlockReply> HandleAsync(BlockRequest request, CancellationToken cancellationToken)
    {
        var header = DataPlaneProtocol.Decode<DriverBlockRequest>(request.Header);
        if (header.AppId != backend.AppId)
            throw new InvalidOperationException($"this driver runs application {backend.AppId}, not {header.AppId}");
        byte[] bytes = header.Kind switch
        {
            DriverBlockKind.StageBinary => backend.Stages.BytesOf(header.StageId, header.Attempt),
            DriverBlockKind.Assembly => backend.Stages.Assembly(header.Name ?? throw new InvalidDataException("an assembly request names no assembly")),
            DriverBlockKind.BroadcastChunk => backend.Broadcasts.Chunk(header.Id, header.Index),
            DriverBlockKind.TaskEnd => TaskEnd(header.Id, request.Body.Bytes, header.Metrics),
            DriverBlockKind.TaskEndWithFloats => TaskEndWithFloats(header.Id, header.End ?? [], request.Body, header.Metrics),
            _ => throw new InvalidDataException($"unknown driver block kind {(int)header.Kind}"),
        };
        return ValueTask.FromResult(new BlockReply(ReadOnlyMemory<byte>.Empty, BlockBody.FromBytes(bytes)));
    }

    private byte[] TaskEnd(long taskId, ArraySegment<byte> body, Scheduling.TaskMetrics? metrics)
    {
        backend.TaskEnded(taskId, body, metrics: metrics);
        return [];
    }

    private byte[] TaskEndWithFloats(long taskId, byte[] end, BlockBody body, Scheduling.TaskMetrics? metrics)
    {
        // The floats arrived in a pooled array of their own length: the task's value is that array, not a copy of it, and
        // stays the pool's to take back (Collect gives it back once it has copied it out). A malformed end (no floats, no
        // rest) still ends the task, as a failure the scheduler retries.
        float[]? values = body.Kind != BlockBodyKind.Floats ? null
            : body.Floats is { Array: { } whole, Offset: 0 } floats && floats.Count == whole.Length ? whole : body.Floats.ToArray();
        backend.TaskEnded(taskId, end, values, metrics);
        return [];
    }
}
