using ActorNet.Actors.Remote.Proto;

namespace ActorNet.Actors.Remote;

/// <summary>A large payload being sent in chunks on the bulk lane, between the small messages.</summary>
internal sealed class BulkTransfer(ulong id, EnvelopeHeader header, ReadOnlyMemory<byte> payload, bool usesSlot)
{
    public ulong Id { get; } = id;
    public EnvelopeHeader Header { get; } = header;
    public ReadOnlyMemory<byte> Payload { get; } = payload;
    public long Offset { get; set; }
    /// <summary>True when the transfer holds one of the association's bulk slots (queued raw arrays).</summary>
    public bool UsesSlot { get; } = usesSlot;
    public bool Started { get; set; }
    public bool Done => Started && Offset >= Payload.Length;
}
