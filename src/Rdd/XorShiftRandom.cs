namespace ActorNet.Rdd;

/// <summary>
/// Spark's <c>XORShiftRandom</c>: the seed is scrambled with Scala's MurmurHash3 over its 8 big-endian
/// bytes, <c>next(bits)</c> is a 21/35/4 xorshift, and NextInt/NextDouble follow java.util.Random. Used
/// where Spark's partition contents depend on it (Repartition's starting positions) and for sampling.
/// </summary>
internal sealed class XorShiftRandom
{
    private const uint ArraySeed = 0x3c074a61;
    private long _seed;

    public XorShiftRandom(long seed) => _seed = HashSeed(seed);

    /// <summary>32 random bits as java.util.Random's nextInt().</summary>
    public int NextInt() => Next(32);

    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), "bound must be positive");
        var r = Next(31);
        var m = bound - 1;
        if ((bound & m) == 0) return (int)((bound * (long)r) >> 31);
        for (var u = r; u - (r = u % bound) + m < 0; u = Next(31))
        {
        }
        return r;
    }

    public double NextDouble() => (((long)Next(26) << 27) + Next(27)) * (1.0 / (1L << 53));

    private int Next(int bits)
    {
        var next = _seed ^ (_seed << 21);
        next ^= (long)((ulong)next >> 35);
        next ^= next << 4;
        _seed = next;
        return (int)(next & ((1L << bits) - 1));
    }

    private static long HashSeed(long seed)
    {
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, seed);
        var low = BytesHash(bytes, ArraySeed);
        var high = BytesHash(bytes, low);
        return ((long)high << 32) | (low & 0xFFFFFFFFL);
    }

    // Scala's MurmurHash3.bytesHash.
    private static uint BytesHash(ReadOnlySpan<byte> data, uint seed)
    {
        var h = seed;
        var i = 0;
        for (; data.Length - i >= 4; i += 4)
            h = Mix(h, (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24));
        var len = data.Length - i;
        uint k = 0;
        if (len == 3) k ^= (uint)data[i + 2] << 16;
        if (len >= 2) k ^= (uint)data[i + 1] << 8;
        if (len >= 1)
        {
            k ^= data[i];
            h = MixLast(h, k);
        }
        return Avalanche(h ^ (uint)data.Length);
    }

    private static uint Mix(uint h, uint k) => uint.RotateLeft(MixLast(h, k), 13) * 5 + 0xe6546b64;

    private static uint MixLast(uint h, uint k) => h ^ (uint.RotateLeft(k * 0xcc9e2d51, 15) * 0x1b873593);

    private static uint Avalanche(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }
}
