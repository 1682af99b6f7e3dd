namespace ActorNet.Rdd.Scheduling;

/// <summary>The untyped view of an RDD that the DAG scheduler, block manager and lineage printer use.</summary>
internal interface IRdd
{
    int Id { get; }

    ClusterContext Context { get; }

    Partition[] Partitions { get; }

    IReadOnlyList<Dependency> Dependencies { get; }

    StorageLevel StorageLevel { get; }

    Partitioner? Partitioner { get; }

    /// <summary>Spark's "MapPartitionsRdd[3] at Map at Caller" line without the partition count.</summary>
    string Describe();

    /// <summary>Hosts or executors where a partition is cheapest to compute (input files' hosts).</summary>
    IReadOnlyList<TaskLocation> PreferredLocations(Partition partition);

    /// <summary>Writes a checkpoint if this RDD was marked; otherwise walks the parents (after a job).</summary>
    void DoCheckpoint();
}
