using ActorNet.DataPlane;

namespace ActorNet.DataPlane.Wire;

/// <summary>
/// Where the chunks of one body being received go, in order: a <see cref="ReplyLanding"/>'s segment, a float array of the
/// process's pool, a byte array, or nowhere (a body whose request was given up, read and dropped). The destination array
/// is allocated when the first chunk arrives, not when a start frame announces the length.
/// </summary>
internal sealed class BodyReceiver
{
    // The announced body.
    private readonly BlockBodyKind _kind;
    private readonly long _total;
    // The landing the body goes into, or null.
    private readonly ReplyLanding? _landing;
    // The destination, once allocated (or the landing's segment).
    private float[]? _floats;
    private byte[]? _bytes;
    private Memory<byte> _target;
    // Chunks are read and dropped.
    private bool _discard;

    private BodyReceiver(BlockBodyKind kind, long total, ReplyLanding? landing)
    {
        _kind = kind;
        _total = total;
        _landing = landing;
        if (landing is not null) _target = FloatBytes.Of(landing.Segment);
    }

    public long Total => _total;
    public long Received { get; private set; }
    public bool Done => Received == _total;
    public bool Landed => _landing is not null;

    /// <summary>Checks an announced body against the limits and makes its receiver (claiming <paramref name="landing"/> when the body fits it).</summary>
    /// <exception cref="ProtocolViolationException">The announced length is negative, too large, or not whole floats.</exception>
    public static BodyReceiver Create(BlockBodyKind kind, long total, long maxBodyBytes, ReplyLanding? landing)
    {
        if (total < 0 || total > maxBodyBytes) throw new ProtocolViolationException($"body of {total} bytes (this node accepts up to {maxBodyBytes})");
        switch (kind)
        {
            case BlockBodyKind.None when total != 0:
                throw new ProtocolViolationException($"a body of kind None announces {total} bytes");
            case BlockBodyKind.Bytes when total > Array.MaxLength:
                throw new ProtocolViolationException($"byte body of {total} bytes is larger than one array");
            case BlockBodyKind.Floats when total % sizeof(float) != 0 || total / sizeof(float) > Array.MaxLength:
                throw new ProtocolViolationException($"float body of {total} bytes is not a whole float array");
        }
        bool lands = kind == BlockBodyKind.Floats && landing is not null && landing.TryClaim(total / sizeof(float));
        return new BodyReceiver(kind, total, lands ? landing : null);
    }

    /// <summary>From now on chunks are read into scratch memory and dropped (the body's request was given up).</summary>
    public void Discard() => _discard = true;

    /// <summary>Where the next <paramref name="length"/> bytes go.</summary>
    /// <exception cref="ProtocolViolationException">They would run past the announced length.</exception>
    public Memory<byte> Next(int length, Func<Memory<byte>> scratch)
    {
        if (length > _total - Received) throw new ProtocolViolationException($"chunk of {length} bytes runs past its body ({Received} of {_total} received)");
        if (_discard) return scratch()[..length];
        if (_target.IsEmpty) Allocate();
        return _target.Slice((int)Received, length);
    }

    public void Advance(int length) => Received += length;

    /// <summary>The body received whole.</summary>
    public BlockBody Body()
    {
        if (_landing is not null)
        {
            _landing.MarkLanded();
            return BlockBody.FromFloats(_landing.Segment);
        }
        if (_total == 0) return _kind switch
        {
            BlockBodyKind.Bytes => BlockBody.FromBytes(Array.Empty<byte>()),
            BlockBodyKind.Floats => BlockBody.FromFloats(Array.Empty<float>()),
            _ => BlockBody.Empty,
        };
        return _kind == BlockBodyKind.Floats ? BlockBody.FromFloats(_floats!) : BlockBody.FromBytes(_bytes!);
    }

    /// <summary>The body will not be delivered: a pooled array goes back (call on the reader's task only, which alone writes into it).</summary>
    public void Abandon()
    {
        if (_floats is not null) FloatArrayPool.TryReturnReceived(_floats);
        _floats = null;
        _bytes = null;
        _target = default;
    }

    private void Allocate()
    {
        if (_kind == BlockBodyKind.Floats)
        {
            _floats = FloatArrayPool.RentReceived((int)(_total / sizeof(float)));
            _target = FloatBytes.Of(_floats);
        }
        else
        {
            _bytes = GC.AllocateUninitializedArray<byte>((int)_total);
            _target = _bytes;
        }
    }
}
