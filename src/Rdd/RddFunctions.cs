namespace ActorNet.Rdd;

/// <summary>Operations on RDDs whose elements must be usable as dictionary keys.</summary>
public static class RddFunctions
{
    /// <summary>How many times each distinct element occurs (Spark's countByValue).</summary>
    public static Dictionary<T, long> CountByValue<T>(this Rdd<T> rdd) where T : notnull =>
        rdd.Map(x => (x, 1L)).ReduceByKey((a, b) => a + b).Collect().ToDictionary(kv => kv.Item1, kv => kv.Item2);
}
