using System.Text;

namespace ActorNet.Actors.Sharding;

/// <summary>
/// A hash that is the same in every process and on every machine (unlike <see cref="string.GetHashCode()"/>,
/// which .NET randomizes per process): 32-bit FNV-1a over the UTF-8 bytes of the text.
/// </summary>
public static class StableHash
{
    // FNV-1a 32-bit parameters (Fowler, Noll, Vo).
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>The FNV-1a 32-bit hash of the UTF-8 encoding of <paramref name="text"/>.</summary>
    public static uint Fnv1a32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = max > 512 ? System.Buffers.ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> buffer = rented ?? stackalloc byte[max];
        try
        {
            int length = Encoding.UTF8.GetBytes(text, buffer);
            return Fnv1a32(buffer[..length]);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The FNV-1a 32-bit hash of <paramref name="bytes"/>.</summary>
    public static uint Fnv1a32(ReadOnlySpan<byte> bytes)
    {
        uint hash = OffsetBasis;
        foreach (byte b in bytes)
        {
            hash ^= b;
            hash *= Prime;
        }
        return hash;
    }

    /// <summary>The shard (0 to <paramref name="numberOfShards"/> − 1) of an entity id, as decimal text.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberOfShards"/> is not positive.</exception>
    public static string ShardOf(string entityId, int numberOfShards)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numberOfShards);
        return (Fnv1a32(entityId) % (uint)numberOfShards).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
