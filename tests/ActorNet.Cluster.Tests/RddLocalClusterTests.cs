using ActorNet.Rdd;

namespace ActorNet.Cluster.Tests;

/// <summary>RDD jobs on local-cluster[2]: real worker processes run the tasks, shuffles cross processes.</summary>
[Collection(RddClusterCollection.Name)]
public sealed class RddLocalClusterTests(LocalClusterFixture fixture)
{
    private ClusterContext Sc => fixture.Context;

    [Fact]
    public void Tasks_run_in_both_worker_processes_and_not_in_the_driver()
    {
        var pids = Sc.Parallelize(Enumerable.Range(0, 16), 16).Map(_ => Environment.ProcessId).Distinct().Collect();
        Assert.Equal(2, pids.Length);
        Assert.DoesNotContain(Environment.ProcessId, pids);
        Assert.Equal(4, Sc.DefaultParallelism);
    }

    [Fact]
    public void Large_results_come_back_whole_on_the_data_plane_and_small_ones_in_messages()
    {
        // 4 partitions of 750,000 floats: each task's end (3 MB) is far over what an Akka message carries, so it goes on
        // the driver's data plane, the floats straight from the result array beside the rest of the end (here an
        // accumulator's update, counted once per element the tasks saw).
        var seen = Sc.LongAccumulator("floats seen");
        var floats = Sc.Range(0, 3_000_000, 1, 4).Map(i => (float)i).Cache();
        for (var round = 1; round <= 3; round++)
        {
            var collected = floats.MapPartitions(part => part.Select(f => { seen.Add(1); return f; })).Collect();
            Assert.Equal(3_000_000, collected.Length);
            for (var i = 0; i < collected.Length; i += 1_000) Assert.Equal((float)i, collected[i]);
            Assert.Equal(2_999_999f, collected[^1]);
            Assert.Equal(round * 3_000_000L, seen.Value);
        }
        // One float array per partition, computed on the workers, travels the same way. Those arrays are the result's
        // elements, so unlike the float records' partitions (given back to the pool once copied out) they must never be
        // reused: a Collect of partitions of the same length must leave them alone.
        var vectors = Sc.Parallelize(Enumerable.Range(0, 4), 4).Map(p => Enumerable.Range(0, 750_000).Select(i => (float)(p * 1_000_000 + i)).ToArray()).Collect();
        Assert.Equal(3_000_000, floats.Collect().Length);
        Assert.Equal([0f, 1_000_000f, 2_000_000f, 3_000_000f], vectors.Select(v => v[0]));
        Assert.All(vectors, v => Assert.Equal(750_000, v.Length));
        for (var p = 0; p < 4; p++)
            for (var i = 0; i < 750_000; i += 997) Assert.Equal((float)(p * 1_000_000 + i), vectors[p][i]);
        Assert.Equal(3_749_999f, vectors[3][^1]);
        // Other large results (an array of arrays of ints) are serialized, into pooled buffers on the worker.
        var arrays = Sc.Parallelize(Enumerable.Range(0, 4), 4).Map(p => Enumerable.Range(0, 300_000).Select(i => p * 1_000_000 + i).ToArray()).Collect();
        Assert.Equal([0, 1_000_000, 2_000_000, 3_000_000], arrays.Select(a => a[0]));
        Assert.All(arrays, a => Assert.Equal(300_000, a.Length));
        Assert.Equal(3_299_999, arrays[3][^1]);
        // Small ends (a count per task) ride in TaskEnded messages.
        Assert.Equal(3_000_000L, floats.Count());
    }

    public sealed record Reading(string Sensor, double Value);

    [Fact]
    public void Records_of_the_application_cross_a_shuffle_and_come_back_to_the_driver()
    {
        // The application's own types live in a collectible load context on the workers; the record serializer
        // (MessagePack) must handle them there, through a shuffle and in task results.
        var readings = Enumerable.Range(0, 200).Select(i => new Reading($"s{i % 7}", i)).ToArray();
        var grouped = Sc.Parallelize(readings, 4).Map(r => (r.Sensor, r)).GroupByKey(3)
            .Map(g => new Reading(g.Item1, g.Item2.Sum(r => r.Value))).Collect().OrderBy(r => r.Sensor).ToArray();
        var expected = readings.GroupBy(r => r.Sensor).Select(g => new Reading(g.Key, g.Sum(r => r.Value))).OrderBy(r => r.Sensor).ToArray();
        Assert.Equal(expected, grouped);
    }

    [Fact]
    public void A_shuffle_no_rdd_can_read_any_more_is_deleted_on_the_workers()
    {
        var before = WorkerShuffleFiles();
        RunAndDropAShuffle(Sc);
        var written = WorkerShuffleFiles().Except(before).ToArray();
        Assert.NotEmpty(written);

        // The scheduler forgets the job's stages just after the action returns, and its threads the last job's objects once
        // they handle the next one (a long driver keeps running jobs); then a collection frees the dependency.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            Assert.Equal(1, Sc.Parallelize(new[] { 1 }, 1).Count());
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (Sc.ShuffleCleaner.Check() >= 1) break;
            Assert.True(DateTime.UtcNow < deadline, "the dropped shuffle's dependency is still reachable on the driver");
            Thread.Sleep(50);
        }
        // The executors delete them when the driver's message arrives.
        while (WorkerShuffleFiles().Intersect(written).Any())
        {
            Assert.True(DateTime.UtcNow < deadline, "the workers kept the dropped shuffle's files: " + string.Join(", ", written.Select(Path.GetFileName)));
            Thread.Sleep(50);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void RunAndDropAShuffle(ClusterContext sc) =>
        Assert.Equal(5, sc.Parallelize(Enumerable.Range(0, 100), 4).Map(x => (x % 5, x)).ReduceByKey((a, b) => a + b).Collect().Length);

    // The workers run on this machine: their shuffle files are under the temp folder, in folders named for the application.
    private string[] WorkerShuffleFiles() =>
        [.. Directory.GetDirectories(Path.GetTempPath(), $"actornet-{Sc.AppId}-*")
            .Select(d => Path.Combine(d, "shuffle")).Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d))];

    [Fact]
    public void Narrow_operators_a_shuffle_and_a_join_give_the_linq_answer()
    {
        var data = Enumerable.Range(0, 5000).ToArray();
        var offset = 3;
        var rdd = Sc.Parallelize(data, 8);

        Assert.Equal(data.Select(x => x + offset).Where(x => x % 7 != 0), rdd.Map(x => x + offset).Filter(x => x % 7 != 0).Collect());
        Assert.Equal(data.Length, rdd.Count());
        Assert.Equal(data.Sum(x => (long)x), rdd.Map(x => (long)x).Reduce((a, b) => a + b));

        var sums = rdd.Map(x => (x % 13, (long)x)).ReduceByKey((a, b) => a + b).Collect().OrderBy(kv => kv.Item1);
        Assert.Equal(data.GroupBy(x => x % 13).Select(g => (g.Key, g.Sum(x => (long)x))).OrderBy(kv => kv.Item1), sums);

        var names = Sc.Parallelize(Enumerable.Range(0, 13).Select(k => (k, $"key-{k}")), 3);
        var joined = rdd.Map(x => (x % 13, x)).Filter(kv => kv.Item2 < 100).Join(names).Collect()
            .OrderBy(kv => kv.Item2.Item1);
        var expected = data.Where(x => x < 100).Select(x => (x % 13, (x, $"key-{x % 13}")));
        Assert.Equal(expected, joined);

        var sorted = rdd.SortBy(x => -x).Take(5);
        Assert.Equal(data.OrderByDescending(x => x).Take(5), sorted);
    }

    [Fact]
    public void Accumulators_add_up_across_workers_and_cached_partitions_are_reported_to_the_driver()
    {
        var computed = Sc.LongAccumulator("computed");
        var cached = Sc.Parallelize(Enumerable.Range(0, 1000), 4).Map(x =>
        {
            computed.Add(1);
            return x * 2;
        }).Cache();
        Assert.Equal(1000, cached.Count());
        Assert.Equal(1000, computed.Value);
        Assert.Equal(4, Sc.BlockManagerMaster.RddStorage(cached.Id).Partitions);
        Assert.Equal(Enumerable.Range(0, 1000).Sum(x => x * 2L), cached.Map(x => (long)x).Reduce((a, b) => a + b));
        cached.Unpersist();
    }

    [Fact]
    public void A_task_exception_surfaces_with_its_type_message_and_the_workers_stack()
    {
        var driverPid = Environment.ProcessId;
        var e = Assert.Throws<RddJobException>(() => Sc.Parallelize(Enumerable.Range(0, 10), 2)
            .Map(x => x == 7 ? throw new InvalidOperationException($"seven is not allowed (pid {Environment.ProcessId})") : x)
            .Collect());
        Assert.Equal(typeof(InvalidOperationException).FullName, e.TaskExceptionType);
        Assert.StartsWith("seven is not allowed (pid ", e.TaskExceptionMessage);
        Assert.DoesNotContain($"(pid {driverPid})", e.TaskExceptionMessage);
        Assert.Contains(nameof(A_task_exception_surfaces_with_its_type_message_and_the_workers_stack), e.TaskStackTrace);
        Assert.Contains("seven is not allowed", e.Message);
    }

    [Fact]
    public void A_100_MB_broadcast_reaches_tasks_on_both_workers_with_one_fetch_per_worker()
    {
        var values = new float[25_000_000];
        for (var i = 0; i < values.Length; i++) values[i] = i % 1009;
        var broadcast = Sc.Broadcast(values);
        var seen = Sc.Parallelize(Enumerable.Range(0, 8), 8)
            .Map(i => (Pid: Environment.ProcessId, Length: broadcast.Value.Length, Probe: broadcast.Value[i * 3_000_001]))
            .Collect();
        Assert.Equal(2, seen.Select(s => s.Pid).Distinct().Count());
        Assert.All(seen, s => Assert.Equal(values.Length, s.Length));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (float)(i * 3_000_001 % 1009)), seen.Select(s => s.Probe));
        // A second job reuses each worker's copy.
        Assert.Equal(8, Sc.Parallelize(Enumerable.Range(0, 8), 8).Filter(i => broadcast.Value[i] == i).Count());
        Assert.Equal(2, Sc.ClusterBackend!.Broadcasts.Fetches(broadcast.Id));

        // Unpersist drops the workers' copies: the next job fetches the value again, once per worker.
        broadcast.Unpersist();
        Assert.Equal(8, Sc.Parallelize(Enumerable.Range(0, 8), 8).Filter(i => broadcast.Value[i] == i).Count());
        Assert.Equal(4, Sc.ClusterBackend!.Broadcasts.Fetches(broadcast.Id));

        // Destroy drops it everywhere: a task that still uses it fails, naming the broadcast.
        broadcast.Destroy();
        var e = Assert.Throws<RddJobException>(() => Sc.Parallelize(Enumerable.Range(0, 2), 2).Map(i => broadcast.Value[i]).Collect());
        Assert.Contains($"Broadcast({broadcast.Id})", e.Message);
    }
}
