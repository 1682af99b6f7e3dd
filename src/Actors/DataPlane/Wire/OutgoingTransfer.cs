namespace ActorNet.DataPlane.Wire;

/// <summary>How a <see cref="OutgoingTransfer"/> ended, as its end callback hears it.</summary>
internal enum TransferEnd
{
    /// <summary>Its start frame and whole body were written.</summary>
    Written,
    /// <summary>Cancelled before its start frame was written: the peer never heard of it.</summary>
    CancelledBeforeStart,
    /// <summary>Cancelled after its start frame: an Abort frame went out instead of the rest.</summary>
    Cancelled,
    /// <summary>The connection closed first.</summary>
    Dropped,
}

/// <summary>
/// A start frame and the body that follows it in chunks, queued on a <see cref="ConnectionWriter"/>. Only the writer's
/// task changes it; its end callback is called exactly once, when the writer no longer reads the body.
/// </summary>
internal sealed class OutgoingTransfer(ulong id, byte[] start, ReadOnlyMemory<byte> body, Action<TransferEnd> ended)
{
    public ulong Id { get; } = id;
    public byte[] Start { get; } = start;
    public ReadOnlyMemory<byte> Body { get; } = body;
    /// <summary>Body bytes written so far.</summary>
    public long Sent { get; set; }
    public bool StartWritten { get; set; }
    /// <summary>Set once <see cref="End"/> ran.</summary>
    public bool HasEnded { get; private set; }
    /// <summary>How it ended (meaningful once <see cref="HasEnded"/>).</summary>
    public TransferEnd EndedAs { get; private set; }
    public bool BodyDone => StartWritten && Sent == Body.Length;

    public void End(TransferEnd how)
    {
        if (HasEnded) return;
        HasEnded = true;
        EndedAs = how;
        ended(how);
    }
}
