using ActorNet.VectorStore;
using ActorNet.Rdd;

namespace ActorNet.Training.Internal.Modes;

/// <summary>The training data cached on the workers, one partition per worker, and the jobs that run on its replicas.</summary>
internal abstract class TrainingData
{
    /// <summary>
    /// A job running <paramref name="round"/> on each partition's replica (built on first use from the partition's items
    /// and kept in the worker's process across rounds); one loss per partition. <paramref name="attempt"/> numbers this
    /// run of a round among all the driver's (see <see cref="WorkerReplica.RunAttempt"/>).
    /// </summary>
    public abstract Rdd<float> OnReplicas(TrainingPlan plan, string runId, long attempt, TimeSpan timeout, int sliceSize,
        Func<WorkerReplica, ShardedVectorStore, CancellationToken, float> round);

    /// <summary>Drops the replicas of <paramref name="runId"/> on the workers and the cached partitions.</summary>
    public abstract void Release(string runId);
}

/// <summary>Training data of items <typeparamref name="T"/>, which <c>samples</c> turns into a replica's samples.</summary>
internal sealed class TrainingData<T>(Rdd<T> cached, Func<TrainingPlan, int, List<T>, ITrainingSamples> samples) : TrainingData
{
    public override Rdd<float> OnReplicas(TrainingPlan plan, string runId, long attempt, TimeSpan timeout, int sliceSize,
        Func<WorkerReplica, ShardedVectorStore, CancellationToken, float> round)
    {
        var toSamples = samples; // a local, so the shipped function does not capture this object
        return cached.MapPartitionsWithIndex((partition, items) =>
        {
            var replica = WorkerStore.GetOrAdd(runId, partition, () => new WorkerReplica(plan, partition, toSamples(plan, partition, items.ToList())));
            var task = TaskContext.Get()!;
            var store = ShardedVectorStore.ForMember(task.NodeSystem, timeout, sliceSize);
            return new[] { replica.RunAttempt(attempt, task.CancellationToken, () => round(replica, store, task.CancellationToken)) };
        });
    }

    public override void Release(string runId)
    {
        cached.MapPartitions(_ =>
        {
            WorkerStore.Release(runId);
            return Enumerable.Empty<int>();
        }).Count();
        cached.Unpersist();
    }
}
