namespace ActorNet.DataPlane;

/// <summary>
/// Serves one named service of a <see cref="DataPlaneNode"/> (<see cref="DataPlaneNode.Register"/>). Called on the thread
/// pool, concurrently for concurrent requests, once a request's body has arrived whole. An exception becomes an error
/// reply: the caller's <see cref="DataPlaneNode.RequestAsync"/> throws a <see cref="DataPlaneException"/> with its message.
/// </summary>
public interface IBlockHandler
{
    /// <summary>Answers <paramref name="request"/>; <paramref name="cancellationToken"/> fires when the caller gave up or the connection closed.</summary>
    ValueTask<BlockReply> HandleAsync(BlockRequest request, CancellationToken cancellationToken);
}
