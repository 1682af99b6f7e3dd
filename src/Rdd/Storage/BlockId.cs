namespace ActorNet.Rdd.Storage;

/// <summary>Names a block as Spark does: <c>rdd_{rddId}_{partition}</c>.</summary>
internal readonly record struct BlockId(int RddId, int Partition)
{
    public override string ToString() => $"rdd_{RddId}_{Partition}";
}
