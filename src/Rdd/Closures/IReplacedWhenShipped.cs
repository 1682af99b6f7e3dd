namespace ActorNet.Rdd.Closures;

/// <summary>
/// An object that sends a substitute in its place (Java's <c>writeReplace</c>): a checkpointed RDD sends a copy
/// without its lineage, since its partitions are read from the checkpoint (Spark's <c>clearDependencies</c>).
/// </summary>
internal interface IReplacedWhenShipped
{
    /// <summary>What the closure writer writes instead of this object (this object itself when nothing changes).</summary>
    object ReplacementForShipping();
}
