namespace ActorNet.Actors;

/// <summary>
/// Where a remote reply to an ask may land: a record answering the ask with exactly one float tail of
/// <see cref="Segment"/>'s length has that tail read off the connection straight into the segment (the reply then holds
/// the segment instead of a new array), saving the asker a copy of every reply it places into a larger array. The
/// transport claims a landing when the reply's transfer starts; the asker closes it once the ask has ended. A landing
/// claimed but never completed (a reply still arriving when the ask timed out, or its connection lost) may be written
/// after the ask ended, so the asker must then give up on the memory: see <see cref="TryClose"/>.
/// </summary>
internal sealed class ReplyLanding(ArraySegment<float> segment)
{
    private const int Open = 0, Claimed = 1, Landed = 2, Closed = 3;
    private int _state;

    /// <summary>The memory replies land in.</summary>
    public ArraySegment<float> Segment { get; } = segment;

    /// <summary>A reply's whole tail has been written into <see cref="Segment"/> (and the reply holds it).</summary>
    public bool HasLanded => Volatile.Read(ref _state) == Landed;

    /// <summary>The transport takes the landing for a reply of <paramref name="floats"/> floats; false when it does not fit or is taken or closed.</summary>
    public bool TryClaim(long floats) => floats == Segment.Count && Interlocked.CompareExchange(ref _state, Claimed, Open) == Open;

    /// <summary>The claimed reply has been received whole, before it is delivered.</summary>
    public void MarkLanded() => Volatile.Write(ref _state, Landed);

    /// <summary>
    /// Ends the landing once the ask has ended: true when no reply can be written into it any more (none claimed it, or
    /// the one that did landed whole); false when a claimed reply was not received whole and may still be written.
    /// </summary>
    public bool TryClose()
    {
        int state = Interlocked.CompareExchange(ref _state, Closed, Open);
        return state is Open or Landed or Closed;
    }
}
