using ActorNet.Actors.Remote.Proto;
using ActorNet.Actors.Serialization;

namespace ActorNet.Actors.Remote;

/// <summary>
/// A large payload being sent in chunks on the bulk lane, between the small messages: one byte payload, or the
/// raw tails of a record (each array's bytes sent straight from the array, after a BulkStart carrying the rest of
/// the record in <see cref="Head"/>). A chunk never spans two segments.
/// </summary>
internal sealed class BulkTransfer
{
    // The bytes to send, in order, and where the next chunk starts.
    private readonly ReadOnlyMemory<byte>[] _segments;
    private int _segment;
    private int _offsetInSegment;

    public BulkTransfer(ulong id, EnvelopeHeader header, ReadOnlyMemory<byte> payload, bool usesSlot)
        : this(id, header, [payload], ReadOnlyMemory<byte>.Empty, [], usesSlot)
    {
    }

    public BulkTransfer(ulong id, EnvelopeHeader header, ReadOnlyMemory<byte>[] segments, ReadOnlyMemory<byte> head, ArrayTail[] tails, bool usesSlot)
    {
        Id = id;
        Header = header;
        _segments = segments;
        Head = head;
        Tails = tails;
        UsesSlot = usesSlot;
        foreach (var segment in segments) Length += segment.Length;
    }

    public ulong Id { get; }
    public EnvelopeHeader Header { get; }
    /// <summary>The record without its tails (written into the BulkStart frame); empty for a plain payload.</summary>
    public ReadOnlyMemory<byte> Head { get; }
    /// <summary>The layout of the tails; empty for a plain payload.</summary>
    public ArrayTail[] Tails { get; }
    /// <summary>The bytes the chunks carry.</summary>
    public long Length { get; }
    /// <summary>How many of them went out.</summary>
    public long Offset { get; private set; }
    /// <summary>The message whose arrays the chunks are sent from, to release once they are all written; null for none.</summary>
    public ILentArrays? Lent { get; init; }
    /// <summary>True when the transfer holds one of the association's bulk slots (queued raw arrays).</summary>
    public bool UsesSlot { get; }
    public bool Started { get; set; }
    public bool Done => Started && Offset >= Length;

    /// <summary>The next chunk of at most <paramref name="maxBytes"/> bytes (within one segment), marked as sent.</summary>
    public ReadOnlyMemory<byte> NextChunk(int maxBytes)
    {
        while (_offsetInSegment == _segments[_segment].Length)
        {
            _segment++;
            _offsetInSegment = 0;
        }
        var segment = _segments[_segment];
        int size = Math.Min(maxBytes, segment.Length - _offsetInSegment);
        var chunk = segment.Slice(_offsetInSegment, size);
        _offsetInSegment += size;
        Offset += size;
        return chunk;
    }
}
