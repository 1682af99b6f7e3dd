namespace ActorNet.Actors.Remote;

/// <summary>The byte after each frame's length prefix.</summary>
internal enum FrameType : byte
{
    Hello = 1,
    Proof = 2,
    User = 3,
    System = 4,
    BulkStart = 5,
    BulkChunk = 6,
}
