using ActorNet.Rdd.Shuffle;

namespace ActorNet.Rdd.Scheduling;

/// <summary>A set of tasks computing one RDD's partitions through narrow dependencies, ending at a shuffle or an action.</summary>
internal abstract class Stage(int id, IRdd rdd, int numTasks, IReadOnlyList<Stage> parents, int firstJobId)
{
    public int Id { get; } = id;

    public IRdd Rdd { get; } = rdd;

    public int NumTasks { get; } = numTasks;

    public IReadOnlyList<Stage> Parents { get; } = parents;

    public int FirstJobId { get; } = firstJobId;

    /// <summary>Active jobs that need this stage.</summary>
    public HashSet<int> JobIds { get; } = [];

    /// <summary>Partitions of the latest attempt still to finish.</summary>
    public HashSet<int> PendingPartitions { get; } = [];

    public int LatestAttempt { get; private set; } = -1;

    /// <summary>Attempts that ended in a fetch failure; the stage is aborted after four.</summary>
    public int FetchFailedAttempts { get; set; }

    public int NewAttempt() => ++LatestAttempt;

    public abstract IReadOnlyList<int> FindMissingPartitions();

    public override string ToString() => $"{GetType().Name} {Id} ({Rdd.Describe()})";
}

internal sealed class ShuffleMapStage(int id, IRdd rdd, int numTasks, IReadOnlyList<Stage> parents, int firstJobId,
    ShuffleDependency dependency, MapOutputTracker tracker) : Stage(id, rdd, numTasks, parents, firstJobId)
{
    public ShuffleDependency Dependency { get; } = dependency;

    public bool IsAvailable => tracker.NumAvailableOutputs(Dependency.ShuffleId) == NumTasks;

    public override IReadOnlyList<int> FindMissingPartitions() => tracker.MissingMapIds(Dependency.ShuffleId);
}

internal sealed class ResultStage(int id, IRdd rdd, Func<TaskContext, int, object?> func, int[] partitions, IReadOnlyList<Stage> parents,
    int firstJobId) : Stage(id, rdd, partitions.Length, parents, firstJobId)
{
    public Func<TaskContext, int, object?> Func { get; } = func;

    public int[] Partitions { get; } = partitions;

    public ActiveJob? Job { get; set; }

    public override IReadOnlyList<int> FindMissingPartitions() =>
        Job is null ? [] : [.. Enumerable.Range(0, Partitions.Length).Where(i => !Job.Finished[i]).Select(i => Partitions[i])];
}
