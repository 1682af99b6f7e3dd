using System.Runtime.CompilerServices;
using ActorNet.Rdd.Serialization;

namespace ActorNet.Rdd.Storage;

/// <summary>
/// Estimates the memory a deserialized partition takes: exact for arrays of reference-free types, else
/// the serialized size of up to 64 sampled elements scaled to the whole array, times two for object
/// headers and pointers (Spark's SizeEstimator walks the object graph; sampling is cheaper and close enough
/// for eviction decisions).
/// </summary>
internal static class SizeEstimator
{
    private const int SampleSize = 64;

    public static long Estimate<T>(T[] values, IRddSerializer serializer)
    {
        const long arrayOverhead = 24;
        if (!RuntimeHelpers.IsReferenceOrContainsReferences<T>()) return arrayOverhead + (long)values.Length * Unsafe.SizeOf<T>();
        if (values.Length == 0) return arrayOverhead;
        var step = Math.Max(1, values.Length / SampleSize);
        var sample = new List<T>();
        for (var i = 0; i < values.Length; i += step) sample.Add(values[i]);
        var sampledBytes = serializer.SerializeAll(sample).Length - sizeof(int);
        var perElement = (double)sampledBytes / sample.Count;
        return arrayOverhead + (long)(values.Length * (perElement * 2 + IntPtr.Size));
    }
}
