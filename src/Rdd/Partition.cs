namespace ActorNet.Rdd;

/// <summary>One slice of an RDD; subclasses carry what their RDD needs to compute it.</summary>
[Serializable]
internal class Partition(int index)
{
    /// <summary>Position of the partition within its RDD.</summary>
    public int Index { get; } = index;
}
