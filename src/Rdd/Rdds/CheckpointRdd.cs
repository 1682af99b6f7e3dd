using ActorNet.Rdd.Scheduling;
using ActorNet.Rdd.Serialization;

namespace ActorNet.Rdd.Rdds;

/// <summary>
/// Reads partitions saved by a checkpoint (Spark's <c>ReliableCheckpointRDD</c>): one serialized file per
/// partition, <c>part-00000</c>…, under <c>{checkpointDir}/rdd-{id}</c>.
/// </summary>
[Serializable]
internal sealed class CheckpointRdd<T> : Rdd<T>
{
    private readonly int _numPartitions;

    private CheckpointRdd(ClusterContext context, string directory, int numPartitions) : base(context)
    {
        Directory = directory;
        _numPartitions = numPartitions;
    }

    public string Directory { get; }

    internal override string KindName => "ReliableCheckpointRdd";

    /// <summary>Runs a job that saves every partition of <paramref name="rdd"/>, then returns the reader.</summary>
    public static CheckpointRdd<T> Write(Rdd<T> rdd)
    {
        var directory = Path.Combine(rdd.Context.CheckpointDir!, $"rdd-{rdd.Id}");
        System.IO.Directory.CreateDirectory(directory);
        rdd.Context.RunJob(rdd, (ctx, items) =>
        {
            var bytes = ctx.Env.Serializer.SerializeAll(items.ToList());
            var path = PartPath(directory, ctx.PartitionId);
            var tmp = $"{path}.attempt-{ctx.TaskAttemptId}";
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, path, overwrite: true);
            return true;
        });
        // Spark's ReliableCheckpointRDD checks the same: a reader over missing parts would fail much later, in some task.
        var written = System.IO.Directory.GetFiles(directory, "part-*").Count(f => !f.Contains(".attempt-", StringComparison.Ordinal));
        if (written != rdd.NumPartitions)
            throw new InvalidOperationException($"Checkpoint of {rdd} in {directory} has {written} part files for {rdd.NumPartitions} partitions.");
        return new CheckpointRdd<T>(rdd.Context, directory, rdd.NumPartitions);
    }

    internal override Partition[] GetPartitions() => [.. Enumerable.Range(0, _numPartitions).Select(i => new Partition(i))];

    internal override IReadOnlyList<Dependency> GetDependencies() => [];

    internal override IEnumerable<T> Compute(Partition split, TaskContext context)
    {
        var path = PartPath(Directory, split.Index);
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint file {path} of partition {split.Index} is missing.", path);
        return context.Env.Serializer.DeserializeAll<T>(File.ReadAllBytes(path));
    }

    private static string PartPath(string directory, int partition) => Path.Combine(directory, $"part-{partition:D5}");
}
