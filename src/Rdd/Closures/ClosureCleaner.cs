namespace ActorNet.Rdd.Closures;

/// <summary>
/// Spark's <c>SparkContext.clean</c>: every RDD operator that takes user code checks, when it is called, that
/// the code can be sent to a worker — in local mode too, so that a program that works on <c>local[N]</c> does
/// not first fail on a cluster. A bad capture throws <see cref="TaskNotSerializableException"/> before any job.
/// </summary>
internal static class ClosureCleaner
{
    /// <summary>Checks each of <paramref name="functions"/>; throws naming the first capture that cannot be sent.</summary>
    public static void Check(params Delegate?[] functions)
    {
        foreach (var f in functions) ClosureSerializer.EnsureSerializable(f);
    }
}
