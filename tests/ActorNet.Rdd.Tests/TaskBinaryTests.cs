using ActorNet.Rdd.Closures;
using ActorNet.Rdd.Scheduling;
using ActorNet.Rdd.Shuffle;

namespace ActorNet.Rdd.Tests;

/// <summary>
/// Tasks as bytes (TaskBinary): a stage's shared part serialized once and read back in an executor-side context,
/// tasks rebuilt from it, task ends round-tripped, and Spark's "Task not serializable" on the driver. Every operator
/// also runs shipped through the Shipped* variants of the operator test classes.
/// </summary>
public class TaskBinaryTests
{
    // Counts tasks that ran, without capturing anything (a static is not shipped).
    private static int _tasksRun;

    private static ExecutorClosureHandles ExecutorHandles(ClusterContext sc, SerializedTaskBinary? binary = null) =>
        new(ClusterContext.ForExecutor(sc.Env, sc.AppId, sc.AppName), (type, id) => binary!.Broadcasts[id]);

    private static TaskEndReason Run(ClusterContext sc, SchedulerTask task, long taskId) =>
        new Executor(sc.Env).Run(new TaskDescription(taskId, 0, sc.Env.ExecutorId, task));

    [Fact]
    public void AMapStageAndAResultStageRoundTripAndRunFromBytes()
    {
        using var sc = new ClusterContext("local[2]", "binary");
        var pairs = TestData.Pairs(2_000);
        var reduced = sc.Parallelize(pairs, 4).Map(kv => (kv.Item1, (long)kv.Item2)).ReduceByKey((a, b) => a + b, 3);
        var shuffle = (ShuffleDependency)((IRdd)reduced).Dependencies[0];

        // The map stage: one binary, read back once, one task per map partition.
        var mapTask = new ShuffleMapTask(0, 0, shuffle, 0, []);
        var mapBytes = TaskBinary.SerializeShared(mapTask, out var assemblies);
        Assert.Contains(typeof(TaskBinaryTests).Assembly, assemblies);
        var mapShared = TaskBinary.DeserializeShared(mapBytes, null, ExecutorHandles(sc));
        for (var p = 0; p < 4; p++)
        {
            var end = Assert.IsType<TaskSucceeded>(Run(sc, TaskBinary.CreateTask(mapShared, 0, 0, p, -1), p));
            sc.MapOutputTracker.RegisterMapOutput(shuffle.ShuffleId, Assert.IsType<MapStatus>(end.Value));
        }

        // The result stage: the function holds the final RDD, whose shuffle does not carry the map side's data.
        Func<TaskContext, int, object?> collect = (ctx, p) => reduced.Iterator(reduced.Partitions[p], ctx).ToArray();
        var resultBytes = TaskBinary.SerializeShared(new ResultTask(1, 0, collect, 0, 0, []), out _);
        Assert.True(resultBytes.Length < mapBytes.Length / 4, $"result binary {resultBytes.Length} bytes, map binary {mapBytes.Length} bytes");
        var resultShared = TaskBinary.DeserializeShared(resultBytes, null, ExecutorHandles(sc));
        var rows = new List<(string, long)>();
        for (var p = 0; p < 3; p++)
        {
            var end = Assert.IsType<TaskSucceeded>(Run(sc, TaskBinary.CreateTask(resultShared, 1, 0, p, p), 10 + p));
            rows.AddRange(Assert.IsType<(string, long)[]>(end.Value));
        }
        var expected = pairs.GroupBy(kv => kv.Item1).Select(g => (g.Key, g.Sum(kv => (long)kv.Item2)));
        Assert.Equal(expected.Sorted(), rows.Sorted());
    }

    [Fact]
    public void RddsReadBackBelongToTheExecutorContextWhichRefusesDriverWork()
    {
        using var sc = new ClusterContext("local[1]", "binary");
        var rdd = sc.Parallelize(new[] { 1, 2, 3 }, 1).Map(x => x + 1);
        Func<TaskContext, int, object?> f = (ctx, p) => rdd.Iterator(rdd.Partitions[p], ctx).Sum();
        var shared = (ResultBinary)TaskBinary.DeserializeShared(TaskBinary.SerializeShared(new ResultTask(0, 0, f, 0, 0, []), out _), null, ExecutorHandles(sc));
        var copy = (Rdd<int>)shared.Func.Target!.GetType().GetField("rdd")!.GetValue(shared.Func.Target)!;
        Assert.True(copy.Context.IsExecutorSide);
        Assert.Equal(sc.AppId, copy.Context.AppId);
        Assert.Equal(9, Assert.IsType<TaskSucceeded>(Run(sc, TaskBinary.CreateTask(shared, 0, 0, 0, 0), 1)).Value);

        var actionError = Assert.Throws<InvalidOperationException>(() => copy.Collect());
        Assert.Contains("can only be done on the driver", actionError.Message);
        var executor = copy.Context;
        Assert.Throws<InvalidOperationException>(() => executor.Parallelize(new[] { 1 }, 1));
        Assert.Throws<InvalidOperationException>(() => copy.Map(x => x * 2));
        Assert.Throws<InvalidOperationException>(() => executor.Broadcast(1));
        Assert.Throws<InvalidOperationException>(() => executor.LongAccumulator("n"));
        Assert.Throws<InvalidOperationException>(() => executor.CancelAllJobs());
        Assert.Throws<InvalidOperationException>(() => executor.Stop());
    }

    [Fact]
    public void TaskEndsRoundTripWithValuesAndAccumulatorUpdates()
    {
        using var sc = new ClusterContext("local[1]", "binary");
        var count = sc.LongAccumulator("count");
        var names = sc.CollectionAccumulator<string>("names");
        var countUpdate = (LongAccumulator)((IAccumulator)count).CopyAndResetUntyped();
        countUpdate.Add(5);
        countUpdate.Add(7);
        var namesUpdate = (CollectionAccumulator<string>)((IAccumulator)names).CopyAndResetUntyped();
        namesUpdate.Add("a");
        namesUpdate.Add("b");
        var handles = new InProcessClosureHandles();
        T RoundTrip<T>(TaskEndReason reason) where T : TaskEndReason => Assert.IsType<T>(TaskBinary.DeserializeEnd(TaskBinary.SerializeEnd(reason), null, handles));

        var tuples = RoundTrip<TaskSucceeded>(new TaskSucceeded(new[] { ("x", 1), ("y", 2) }, [countUpdate, namesUpdate]));
        Assert.Equal(new[] { ("x", 1), ("y", 2) }, tuples.Value);
        var counted = Assert.IsType<LongAccumulator>(tuples.AccumulatorUpdates[0]);
        Assert.Equal((count.Id, "count", 12L, 2L), (counted.Id, counted.Name, counted.Sum, counted.Count));
        var named = Assert.IsType<CollectionAccumulator<string>>(tuples.AccumulatorUpdates[1]);
        Assert.Equal(names.Id, named.Id);
        Assert.Equal(["a", "b"], named.Value);
        // Merged on the driver as the DAG scheduler merges updates.
        foreach (var update in tuples.AccumulatorUpdates) ((IAccumulator)(update.Id == count.Id ? count : names)).MergeUntyped(update);
        Assert.Equal(12, count.Value);
        Assert.Equal(["a", "b"], names.Value);

        Assert.Equal("text", RoundTrip<TaskSucceeded>(new TaskSucceeded("text", [])).Value);
        var none = RoundTrip<TaskSucceeded>(new TaskSucceeded(null, []));
        Assert.Null(none.Value);
        Assert.Empty(none.AccumulatorUpdates);
        var status = Assert.IsType<MapStatus>(RoundTrip<TaskSucceeded>(new TaskSucceeded(new MapStatus("exec-1", "host-a", 3, [0, 17, 1L << 40]), [])).Value);
        Assert.Equal(("exec-1", "host-a", 3), (status.ExecutorId, status.Host, status.MapId));
        Assert.Equal([0, 17, 1L << 40], status.PartitionSizes);
        Assert.Equal(new ExceptionFailure("System.ArgumentException", "bad", "trace\n  at X"), RoundTrip<ExceptionFailure>(new ExceptionFailure("System.ArgumentException", "bad", "trace\n  at X")));
        Assert.Equal(new FetchFailed(1, 2, 3, null, "gone"), RoundTrip<FetchFailed>(new FetchFailed(1, 2, 3, null, "gone")));
        Assert.Equal(new FetchFailed(1, -1, 3, "exec-2", "lost"), RoundTrip<FetchFailed>(new FetchFailed(1, -1, 3, "exec-2", "lost")));
        Assert.Equal(new TaskKilled("stop"), RoundTrip<TaskKilled>(new TaskKilled("stop")));

        // A float-valued end splits into its floats (sent as they are) and the rest, and joins again.
        var floats = new[] { 1.5f, -2f, float.NaN };
        Assert.True(TaskBinary.TrySplitFloatValue(new TaskSucceeded(floats, [countUpdate]), out var values, out var rest));
        Assert.Same(floats, values);
        var joined = Assert.IsType<TaskSucceeded>(TaskBinary.DeserializeEnd(rest, null, handles, floatValue: values));
        Assert.Same(floats, joined.Value);
        Assert.Equal(12L, Assert.IsType<LongAccumulator>(Assert.Single(joined.AccumulatorUpdates)).Sum);
        var missing = Assert.Throws<InvalidDataException>(() => TaskBinary.DeserializeEnd(rest, null, handles));
        Assert.Contains("without its floats", missing.Message);
        Assert.True(TaskBinary.TrySplitFloatValue(new TaskSucceeded(new[] { floats }, []), out values, out rest));
        Assert.Same(floats, values);
        var nested = Assert.IsType<float[][]>(Assert.IsType<TaskSucceeded>(TaskBinary.DeserializeEnd(rest, null, handles, floatValue: values)).Value);
        Assert.Same(floats, Assert.Single(nested));
        Assert.False(TaskBinary.TrySplitFloatValue(new TaskSucceeded(new[] { floats, floats }, []), out _, out _));
        Assert.False(TaskBinary.TrySplitFloatValue(new TaskSucceeded(new[] { 1.0 }, []), out _, out _));
        Assert.False(TaskBinary.TrySplitFloatValue(new TaskKilled("stop"), out _, out _));
    }

    private sealed class Connection
    {
        public int Port { get; init; }
    }

    [Fact]
    public void ACapturedPlainObjectFailsTheActionNamingTheFieldBeforeAnyTaskRuns()
    {
        using var sc = new ClusterContext("local[2]", "binary");
        var conn = new Connection { Port = 5 };
        var before = Volatile.Read(ref _tasksRun);
        var e = Assert.Throws<TaskNotSerializableException>(() => sc.Parallelize(Enumerable.Range(0, 10), 2)
            .Map(x =>
            {
                Interlocked.Increment(ref _tasksRun);
                return x + conn.Port;
            })
            .Collect());
        Assert.Equal("conn", e.FieldPath);
        Assert.Equal(typeof(Connection), e.FieldType);
        Assert.Contains($"closure captures field 'conn' of type {typeof(Connection).FullName}", e.Message);
        Assert.Equal(before, Volatile.Read(ref _tasksRun));
        // The context still runs jobs.
        Assert.Equal(10, sc.Parallelize(Enumerable.Range(0, 10), 2).Count());
    }

    [Fact]
    public void ABadCaptureInTheLastStageFailsBeforeTheMapStagesRun()
    {
        using var sc = new ClusterContext("local[2]", "binary");
        var conn = new Connection { Port = 1 };
        var before = Volatile.Read(ref _tasksRun);
        var e = Assert.Throws<TaskNotSerializableException>(() => sc.Parallelize(Enumerable.Range(0, 10), 2)
            .Map(x =>
            {
                Interlocked.Increment(ref _tasksRun);
                return (x % 3, x);
            })
            .ReduceByKey((a, b) => a + b)
            .Map(kv => kv.Item2 + conn.Port)
            .Collect());
        Assert.Equal("conn", e.FieldPath);
        Assert.Equal(before, Volatile.Read(ref _tasksRun));
    }

    [Fact]
    public void ACapturedStreamInAMapStageFailsTheActionToo()
    {
        using var sc = new ClusterContext("local[2]", "binary");
        var path = Path.Combine(TestData.TempDir(), "log.txt");
        using var log = new FileStream(path, FileMode.Create);
        var e = Assert.Throws<TaskNotSerializableException>(() => sc.Parallelize(Enumerable.Range(0, 10), 2)
            .Map(x => (x % 3, log.Length)).ReduceByKey((a, b) => a + b).Collect());
        Assert.Equal("log", e.FieldPath);
        Assert.Equal(typeof(FileStream), e.FieldType);
    }

    [Fact]
    public void CapturingTheContextFailsButAnRddCarriesItsContext()
    {
        using var sc = new ClusterContext("local[1]", "binary");
        var e = Assert.Throws<TaskNotSerializableException>(() => sc.Parallelize(new[] { 1 }, 1).Map(x => sc.AppName + x).Collect());
        Assert.Equal("sc", e.FieldPath);
        Assert.Contains("exists only on the driver", e.Message);
        // A captured RDD is shipped (as in Spark); using it inside a task is what fails.
        var other = sc.Parallelize(new[] { 1, 2 }, 1);
        var job = Assert.Throws<RddJobException>(() => sc.Parallelize(new[] { 1 }, 1).Map(_ => other.Count()).Collect());
        Assert.Equal(typeof(InvalidOperationException).FullName, job.TaskExceptionType);
    }

    [Fact]
    public void ShippedTasksRunCopiesSoDriverObjectsAreNotMutated()
    {
        // Spark's classic closure pitfall: a task increments its own copy of a captured array, never the driver's.
        foreach (var shipped in new[] { false, true })
        {
            using var sc = new ClusterContext("local[2]", "binary");
            if (shipped) ((LocalBackend)sc.Backend).RunShippedCopies(sc.AppId, sc.AppName);
            var box = new int[1];
            sc.Parallelize(Enumerable.Range(0, 10), 2).Foreach(_ => Interlocked.Increment(ref box[0]));
            Assert.Equal(shipped ? 0 : 10, box[0]);
        }
    }

    [Fact]
    public void ABroadcastInAClosureResolvesThroughTheHandles()
    {
        using var sc = new ClusterContext("local[2]", "binary");
        var table = sc.Broadcast(new Dictionary<int, string> { [1] = "one", [2] = "two" });
        var rdd = sc.Parallelize(new[] { 1, 2, 1 }, 2).Map(x => table.Value[x]);
        Func<TaskContext, int, object?> f = (ctx, p) => rdd.Iterator(rdd.Partitions[p], ctx).ToArray();
        var task = new ResultTask(0, 0, f, 0, 0, []);
        var binary = TaskBinary.Prepare(task);
        Assert.Same(table, binary.Broadcasts[table.Id]);
        var resolved = new List<long>();
        var handles = new ExecutorClosureHandles(ClusterContext.ForExecutor(sc.Env, sc.AppId, sc.AppName), (type, id) =>
        {
            Assert.Equal(typeof(Broadcast<Dictionary<int, string>>), type);
            resolved.Add(id);
            return binary.Broadcasts[id];
        });
        var shared = TaskBinary.DeserializeShared(binary.Bytes, null, handles);
        var values = Enumerable.Range(0, 2).SelectMany(p => (string[])Assert.IsType<TaskSucceeded>(Run(sc, TaskBinary.CreateTask(shared, 0, 0, p, p), p)).Value!);
        Assert.Equal(["one", "two", "one"], values);
        Assert.Equal([table.Id], resolved);
    }

    [Fact]
    public void AccumulatorsAddedInShippedTasksReachTheDriver()
    {
        using var sc = new ClusterContext("local[2]", "binary");
        ((LocalBackend)sc.Backend).RunShippedCopies(sc.AppId, sc.AppName);
        var sum = sc.LongAccumulator("sum");
        var seen = sc.CollectionAccumulator<int>("seen");
        sc.Parallelize(Enumerable.Range(1, 10), 3).Map(x => (x % 2, x)).ReduceByKey((a, b) =>
        {
            sum.Add(1);
            return a + b;
        }).Foreach(kv => seen.Add(kv.Item2));
        Assert.Equal(8, sum.Value);
        Assert.Equal([25, 30], seen.Value.Order());
    }

    // A user's partitioner: shipped by fields without [Serializable], as Spark's Partitioner is Serializable.
    private sealed class ByLength(int partitions) : Partitioner
    {
        public override int NumPartitions => partitions;

        public override int GetPartition(object? key) => ((string)key!).Length % partitions;

        public override bool Equals(object? obj) => obj is ByLength other && other.NumPartitions == NumPartitions;

        public override int GetHashCode() => partitions;
    }

    [Fact]
    public void ShippedJobsWithBroadcastsOptionalStringsAndAUserPartitioner()
    {
        using var sc = new ClusterContext("local[2]", "binary");
        ((LocalBackend)sc.Backend).RunShippedCopies(sc.AppId, sc.AppName);
        var suffix = sc.Broadcast("!");
        var words = new[] { "a", "bb", "ccc", "dd", "e", "ffff" };
        Assert.Equal(words.Select(w => w + "!"), sc.Parallelize(words, 3).Map(w => w + suffix.Value).Collect());

        var left = sc.Parallelize(words.Select(w => (w.Length, w)), 2);
        var right = sc.Parallelize(new[] { (1, "one"), (3, "three"), (5, "five") }, 2);
        var joined = left.FullOuterJoin(right).Collect();
        var expected = words.Select(w => (w.Length, (Option<string>.Some(w), w.Length switch { 1 => Option<string>.Some("one"), 3 => Option<string>.Some("three"), _ => Option<string>.None })))
            .Append((5, (Option<string>.None, Option<string>.Some("five"))));
        Assert.Equal(expected.OrderBy(x => x.Item1).ThenBy(x => x.Item2.Item1), joined.OrderBy(x => x.Item1).ThenBy(x => x.Item2.Item1));

        var byLength = sc.Parallelize(words.Select(w => (w, 1)), 2).PartitionBy(new ByLength(3)).Glom().Collect();
        Assert.Equal(3, byLength.Length);
        for (var p = 0; p < 3; p++) Assert.All(byLength[p], kv => Assert.Equal(p, kv.Item1.Length % 3));
    }

    [Fact]
    public void ACheckpointedRddShipsWithoutItsLineage()
    {
        using var sc = new ClusterContext("local[2]", "binary");
        sc.SetCheckpointDir(TestData.TempDir());
        var big = Enumerable.Range(0, 50_000).ToArray();
        var rdd = sc.Parallelize(big, 2).Map(x => x + 1);
        int BinarySize()
        {
            var counted = rdd.Map(x => (long)x);
            Func<TaskContext, int, object?> f = (ctx, p) => counted.Iterator(counted.Partitions[p], ctx).Sum();
            return TaskBinary.SerializeShared(new ResultTask(0, 0, f, 0, 0, []), out _).Length;
        }
        var before = BinarySize();
        rdd.Checkpoint();
        Assert.Equal(50_000, rdd.Count());
        Assert.True(rdd.IsCheckpointed);
        var after = BinarySize();
        Assert.True(before > big.Length * sizeof(int), $"before checkpointing: {before} bytes");
        Assert.True(after < 20_000, $"after checkpointing: {after} bytes");

        ((LocalBackend)sc.Backend).RunShippedCopies(sc.AppId, sc.AppName);
        Assert.Equal(big.Sum(x => (long)x + 1), rdd.Map(x => (long)x).Reduce((a, b) => a + b));
    }
}
