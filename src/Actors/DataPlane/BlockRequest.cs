namespace ActorNet.DataPlane;

/// <summary>A request as its <see cref="IBlockHandler"/> sees it.</summary>
/// <param name="Peer">The data plane address the requesting node listens on (as it announced it when connecting).</param>
/// <param name="Service">The service name the request was sent to.</param>
/// <param name="Header">The request's small description (e.g. a MessagePack-encoded record), owned by the handler.</param>
/// <param name="Body">The request's body, received whole; a float body lies in a pooled array the handler owns (see <see cref="BlockBody.ReturnToPool"/>).</param>
public sealed record BlockRequest(DataPlaneAddress Peer, string Service, ReadOnlyMemory<byte> Header, BlockBody Body);
