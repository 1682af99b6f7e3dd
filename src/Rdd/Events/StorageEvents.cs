using ActorNet.ControlPlane;

namespace ActorNet.Rdd.Events;

// Events that let a history server show what a live driver asks its block manager master and Akka.Cluster for: the
// cached RDDs and blocks (Storage, and the executors' cached blocks) and the cluster's members.

/// <summary>A persisted RDD got its first cached block (the driver announces an RDD once, before its blocks).</summary>
/// <param name="Time">When.</param>
/// <param name="RddId">The RDD's id.</param>
/// <param name="Name">The RDD and where the program made it.</param>
/// <param name="NumPartitions">Its partitions.</param>
/// <param name="StorageLevel">Its storage level ("Memory Deserialized 1x Replicated").</param>
public sealed record RddPersisted(DateTimeOffset Time, int RddId, string Name, int NumPartitions, string StorageLevel) : ListenerEvent(Time);

/// <summary>A persisted RDD was unpersisted: its blocks are gone.</summary>
/// <param name="Time">When.</param>
/// <param name="RddId">The RDD's id.</param>
public sealed record RddUnpersisted(DateTimeOffset Time, int RddId) : ListenerEvent(Time);

/// <summary>A cached block changed size on an executor (Spark's <c>SparkListenerBlockUpdated</c>); 0 and 0 when it was dropped.</summary>
/// <param name="Time">When the driver learned of it.</param>
/// <param name="ExecutorId">The executor holding it.</param>
/// <param name="RddId">Its RDD.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="MemorySize">Bytes in memory.</param>
/// <param name="DiskSize">Bytes on disk.</param>
public sealed record BlockUpdated(DateTimeOffset Time, string ExecutorId, int RddId, int Partition, long MemorySize, long DiskSize) : ListenerEvent(Time);

/// <summary>The cluster's members as the driver saw them after a change (every member, ordered by address).</summary>
/// <param name="Time">When the driver saw them.</param>
/// <param name="Members">Address, roles, status and reachability of each.</param>
public sealed record ClusterMembersUpdated(DateTimeOffset Time, IReadOnlyList<MemberInfo> Members) : ListenerEvent(Time);
