using ActorNet.DataPlane;

namespace ActorNet.VectorStore;

/// <summary>
/// New float arrays for slice values and messages, left uninitialized where every element is written at once: a slice
/// is a large object (1 MiB by default) and zeroing it first would be one more pass over fresh memory. Large ones come
/// from <see cref="FloatArrayPool"/> when it holds one of the length, so they reuse memory the store gave back.
/// </summary>
internal static class FloatArrays
{
    /// <summary>A new array holding a copy of <paramref name="source"/>.</summary>
    public static float[] CopyOf(ReadOnlySpan<float> source)
    {
        var copy = FloatArrayPool.Rent(source.Length);
        source.CopyTo(copy);
        return copy;
    }

    /// <summary>A new array of <paramref name="length"/> floats with undefined contents: the caller overwrites them all before anyone reads it.</summary>
    public static float[] Uninitialized(int length) => FloatArrayPool.Rent(length);

    /// <summary>A new array of <paramref name="length"/> zeros.</summary>
    public static float[] Zeros(int length)
    {
        var zeros = FloatArrayPool.Rent(length);
        Array.Clear(zeros);
        return zeros;
    }
}
