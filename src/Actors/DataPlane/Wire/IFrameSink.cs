namespace ActorNet.DataPlane.Wire;

/// <summary>
/// What a <see cref="FrameReader"/> hands the frames of one connection to (the client or server side of it), on the
/// reader's task, one at a time. Each method throws <see cref="ProtocolViolationException"/> for a frame that does not fit.
/// </summary>
internal interface IFrameSink
{
    /// <summary>A RequestStart or ReplyStart frame; <paramref name="rest"/> is what follows the id.</summary>
    void OnStart(FrameType type, ulong id, ReadOnlySpan<byte> rest);

    /// <summary>Where the next <paramref name="length"/> body bytes of transfer <paramref name="id"/> go: memory of exactly that length.</summary>
    Memory<byte> ChunkTarget(ulong id, int length);

    /// <summary>The chunk's bytes are in the memory <see cref="ChunkTarget"/> gave.</summary>
    void OnChunk(ulong id, int length);

    /// <summary>An Abort frame.</summary>
    void OnAbort(ulong id);
}
