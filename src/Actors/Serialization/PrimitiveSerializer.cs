using System.Buffers;
using System.Runtime.InteropServices;

namespace ActorNet.Actors.Serialization;

/// <summary>Fast path for single primitives, strings and the runtime's singleton messages; the manifest is a one-letter code.</summary>
internal sealed class PrimitiveSerializer : ISerializer
{
    public const int Id = 1;

    public static readonly Type[] Types =
    [
        typeof(string), typeof(int), typeof(long), typeof(double), typeof(float), typeof(bool), typeof(byte),
        typeof(short), typeof(char), typeof(Guid), typeof(DateTime), typeof(TimeSpan), typeof(decimal),
        typeof(PoisonPill), typeof(Kill),
    ];

    public int Identifier => Id;

    public string Manifest(object value) => value switch
    {
        string => "s", int => "i", long => "l", double => "d", float => "f", bool => "b", byte => "y",
        short => "h", char => "c", Guid => "g", DateTime => "t", TimeSpan => "p", decimal => "m",
        PoisonPill => "P", Kill => "K",
        _ => throw new ArgumentException($"{value.GetType().Name} is not a primitive"),
    };

    public void Serialize(object value, IBufferWriter<byte> output)
    {
        var w = new WireWriter(output);
        switch (value)
        {
            case string s: w.String(s); break;
            case int i: w.Int32(i); break;
            case long l: w.Int64(l); break;
            case double d: w.Double(d); break;
            case float f: w.Single(f); break;
            case bool b: w.Byte(b ? (byte)1 : (byte)0); break;
            case byte y: w.Byte(y); break;
            case short h: w.Int32(h); break;
            case char c: w.Int32(c); break;
            case Guid g: w.Raw(g.ToByteArray()); break;
            case DateTime t: w.Int64(t.ToBinary()); break;
            case TimeSpan p: w.Int64(p.Ticks); break;
            case decimal m: w.Raw(MemoryMarshal.AsBytes(decimal.GetBits(m).AsSpan())); break;
            case PoisonPill or Kill: break;
            default: throw new ArgumentException($"{value.GetType().Name} is not a primitive");
        }
    }

    public object Deserialize(ReadOnlySpan<byte> bytes, string manifest)
    {
        var r = new WireReader(bytes);
        object value = manifest switch
        {
            "s" => r.String(),
            "i" => r.Int32(),
            "l" => r.Int64(),
            "d" => r.Double(),
            "f" => r.Single(),
            "b" => r.Byte() != 0,
            "y" => r.Byte(),
            "h" => (short)r.Int32(),
            "c" => (char)r.Int32(),
            "g" => new Guid(r.Take(16)),
            "t" => DateTime.FromBinary(r.Int64()),
            "p" => TimeSpan.FromTicks(r.Int64()),
            "m" => new decimal(MemoryMarshal.Cast<byte, int>(r.Take(16)).ToArray()),
            "P" => PoisonPill.Instance,
            "K" => Kill.Instance,
            _ => throw new FormatException($"unknown primitive manifest '{manifest}'"),
        };
        if (!r.AtEnd) throw r.Malformed($"{bytes.Length - r.Position} trailing bytes after a '{manifest}' primitive");
        return value;
    }
}
