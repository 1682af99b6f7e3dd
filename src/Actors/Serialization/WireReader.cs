using System.Buffers.Binary;
using System.Text;

namespace ActorNet.Actors.Serialization;

/// <summary>Reads what <see cref="WireWriter"/> wrote; a short or malformed input throws naming the offset.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Position => _position;

    public readonly bool AtEnd => _position == _data.Length;

    public byte Byte() => Take(1)[0];

    public ulong VarUInt()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = Byte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw Malformed("varint longer than 10 bytes");
    }

    public int Length()
    {
        ulong length = VarUInt();
        if (length > (ulong)(_data.Length - _position)) throw Malformed($"length {length} exceeds the {_data.Length - _position} bytes left");
        return (int)length;
    }

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
    public float Single() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public ReadOnlySpan<byte> Bytes() => Take(Length());

    public string String()
    {
        var bytes = Bytes();
        try { return Encoding.UTF8.GetString(bytes); }
        catch (DecoderFallbackException) { throw Malformed("invalid UTF-8 in a string"); }
    }

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _position)
            throw Malformed($"needed {count} bytes but {_data.Length - _position} are left");
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    public readonly FormatException Malformed(string what) => new($"malformed payload at offset {_position}: {what}");
}
