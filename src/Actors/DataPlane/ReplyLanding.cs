namespace ActorNet.DataPlane;

/// <summary>
/// Where a request's float reply may land: a reply whose float body has exactly <see cref="Segment"/>'s length is read off
/// the connection straight into the segment (the reply's body then is the segment and <see cref="BlockReply.Landed"/> is
/// true), saving a copy of every reply the caller places into a larger array. A reply of another length, or a byte body,
/// leaves the landing alone. The connection claims a landing when the reply's body starts; a landing claimed but not
/// filled whole (the request was cancelled, or its connection lost, while the body arrived) may have been partly written,
/// so the caller must not trust the memory: <see cref="HasLanded"/> and <see cref="WasAbandonedMidWrite"/> say which.
/// Offer a landing to one request only.
/// </summary>
public sealed class ReplyLanding
{
    private const int Open = 0, Claimed = 1, Landed = 2, Closed = 3, Abandoned = 4;
    // Open → Claimed → Landed, or Open → Closed (nothing written), or Claimed → Abandoned (partly written).
    private int _state;

    /// <summary>A landing over <paramref name="segment"/>.</summary>
    public ReplyLanding(ArraySegment<float> segment)
    {
        if (segment.Array is null) throw new ArgumentException("a reply landing needs an array", nameof(segment));
        Segment = segment;
    }

    /// <summary>The memory a reply lands in.</summary>
    public ArraySegment<float> Segment { get; }

    /// <summary>A reply's whole body has been written into <see cref="Segment"/>.</summary>
    public bool HasLanded => Volatile.Read(ref _state) == Landed;

    /// <summary>
    /// A reply had begun to fill <see cref="Segment"/> when its request ended without it (cancelled, timed out, connection
    /// lost): part of the memory holds reply bytes, and a chunk being read at that moment may still be written into it
    /// shortly after the request ended. Do not reuse this memory (nor send the same request into it again).
    /// </summary>
    public bool WasAbandonedMidWrite => Volatile.Read(ref _state) == Abandoned;

    /// <summary>The connection takes the landing for a reply of <paramref name="floats"/> floats; false when it does not fit or is taken.</summary>
    internal bool TryClaim(long floats) => floats == Segment.Count && Interlocked.CompareExchange(ref _state, Claimed, Open) == Open;

    /// <summary>The claimed reply has been received whole.</summary>
    internal void MarkLanded() => Interlocked.CompareExchange(ref _state, Landed, Claimed);

    /// <summary>
    /// Ends the landing when its request ends: true when nothing will write into it any more and nothing did half-way
    /// (unclaimed, or landed whole); false when a claimed reply was not received whole.
    /// </summary>
    internal bool Close()
    {
        int state = Interlocked.CompareExchange(ref _state, Closed, Open);
        if (state == Claimed) state = Interlocked.CompareExchange(ref _state, Abandoned, Claimed);
        return state is Open or Landed or Closed;
    }
}
