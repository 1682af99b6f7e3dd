using ActorNet.Rdd.Shuffle;

namespace ActorNet.Rdd.Scheduling;

/// <summary>
/// A self-contained unit of work: what to compute (a stage's RDD or shuffle dependency), which partition,
/// and the function to apply. The task scheduler and executors treat it as opaque.
/// </summary>
internal abstract class SchedulerTask(int stageId, int stageAttempt, int partitionId, IReadOnlyList<TaskLocation> preferredLocations)
{
    public int StageId { get; } = stageId;

    public int StageAttempt { get; } = stageAttempt;

    public int PartitionId { get; } = partitionId;

    public IReadOnlyList<TaskLocation> PreferredLocations { get; } = preferredLocations;

    /// <summary>The stage attempt's shared part as bytes, set by the DAG scheduler when it submits the attempt (see <see cref="TaskBinary"/>).</summary>
    public SerializedTaskBinary? Binary { get; set; }

    public abstract object? Run(TaskContext context);
}

/// <summary>Computes a partition of a shuffle's parent and writes the map output; returns its <see cref="MapStatus"/>.</summary>
internal sealed class ShuffleMapTask(int stageId, int stageAttempt, ShuffleDependency dependency, int partitionId,
    IReadOnlyList<TaskLocation> preferredLocations) : SchedulerTask(stageId, stageAttempt, partitionId, preferredLocations)
{
    public ShuffleDependency Dependency { get; } = dependency;

    public override object? Run(TaskContext context) => Dependency.RunMapTask(PartitionId, context);
}

/// <summary>Applies an action's function to one partition of the final RDD and returns the value to the driver.</summary>
internal sealed class ResultTask(int stageId, int stageAttempt, Func<TaskContext, int, object?> func, int partitionId, int outputId,
    IReadOnlyList<TaskLocation> preferredLocations) : SchedulerTask(stageId, stageAttempt, partitionId, preferredLocations)
{
    /// <summary>Index of the partition within the job's partition list.</summary>
    public int OutputId { get; } = outputId;

    /// <summary>The action's function of (task context, partition): it holds the final RDD and the lineage of its stage.</summary>
    public Func<TaskContext, int, object?> Func { get; } = func;

    public override object? Run(TaskContext context) => Func(context, PartitionId);
}
