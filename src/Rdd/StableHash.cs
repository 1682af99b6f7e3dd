using System.Runtime.CompilerServices;

namespace ActorNet.Rdd;

/// <summary>
/// Hash codes that are equal in every process (.NET randomizes string hashes per process): the JVM's
/// hashCode for strings, integral types, doubles and booleans, combined as Scala does for tuples.
/// </summary>
internal static class StableHash
{
    public static int Of<K>(K key)
    {
        if (typeof(K) == typeof(int)) return Unsafe.As<K, int>(ref key);
        if (typeof(K) == typeof(long)) { var v = Unsafe.As<K, long>(ref key); return (int)(v ^ (long)((ulong)v >> 32)); }
        return OfObject(key);
    }

    public static int OfObject(object? key) => key switch
    {
        null => 0,
        string s => OfString(s),
        int i => i,
        long l => (int)(l ^ (long)((ulong)l >> 32)),
        short s => s,
        byte b => b,
        char c => c,
        bool b => b ? 1231 : 1237,
        double d => OfLongBits(BitConverter.DoubleToInt64Bits(d == 0 ? 0.0 : d)),
        float f => BitConverter.SingleToInt32Bits(f == 0 ? 0f : f),
        ITuple t => OfTuple(t),
        _ => key.GetHashCode(),
    };

    private static int OfString(string s)
    {
        var h = 0;
        foreach (var c in s) h = unchecked(31 * h + c);
        return h;
    }

    private static int OfLongBits(long v) => (int)(v ^ (long)((ulong)v >> 32));

    private static int OfTuple(ITuple t)
    {
        var h = 17;
        for (var i = 0; i < t.Length; i++) h = unchecked(h * 31 + OfObject(t[i]));
        return h;
    }
}
