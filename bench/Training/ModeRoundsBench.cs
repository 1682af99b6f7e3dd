using System.Diagnostics;
using ActorNet.VectorStore;
using ActorNet.Rdd;

namespace ActorNet.Bench.Training;

/// <summary>
/// The store traffic of one synchronization of each training mode (WorkerReplica's calls without the net's compute),
/// K tasks, one per worker process, in lock-step:
/// <list type="bullet">
/// <item><c>averaging</c> (one round, every tau steps): pull version r of the weights, push them for step r with rule
/// <c>assign</c> (the slices average the K contributions); slices of the configured size (262,144 floats).</item>
/// <item><c>ps</c> (synchronous parameter server, every step): pull version s, push the step for step s with rule
/// <c>momentum(0.9)</c> (the servers apply the mean); 4 servers, so slices of ceil(n / 4).</item>
/// <item><c>allreduce</c> (every step): push the gradient for step s (<c>assign</c>: the reduce-scatter), pull version
/// s + 1 (the all-gather); slices of the configured size.</item>
/// </list>
/// <paramref name="slice"/> overrides the averaging and allreduce slice size (null: the configured one).
/// Each task times every round itself, so job scheduling is not in the figure; a round's time is its slowest task's.
/// </summary>
internal static class ModeRoundsBench
{
    /// <summary>The modes, in the order they run.</summary>
    public static readonly string[] Modes = ["averaging", "ps", "allreduce"];

    /// <summary>
    /// Runs one untimed job of <paramref name="warmup"/> rounds, calls <paramref name="beforeTimed"/>, then one job of
    /// <paramref name="rounds"/> timed rounds; returns each timed round's slowest task.
    /// </summary>
    public static double[] Run(ClusterContext sc, string mode, int workers, int floats, int? slice, int warmup, int rounds, TimeSpan timeout, Action beforeTimed)
    {
        int? sliceSize = mode == "ps" ? (floats + ParameterServerBench.Servers - 1) / ParameterServerBench.Servers
            : mode is "averaging" or "allreduce" ? slice
            : throw new ArgumentException($"unknown mode '{mode}' (averaging, ps, allreduce)");
        string key = $"bench/modes/{mode}/{floats}/{workers}";
        var driver = ShardedVectorStore.ForMember(sc.NodeSystem, timeout, sliceSize);
        driver.InitAsync(key, new float[floats]).GetAwaiter().GetResult();
        try
        {
            Job(sc, mode, key, workers, floats, driver.SliceSize, firstRound: 0, warmup, timeout);
            beforeTimed();
            var perTask = Job(sc, mode, key, workers, floats, driver.SliceSize, firstRound: warmup, rounds, timeout);
            return Enumerable.Range(0, rounds).Select(r => perTask.Max(t => t[r])).ToArray();
        }
        finally
        {
            driver.RemoveAsync(key, floats).GetAwaiter().GetResult();
        }
    }

    private static double[][] Job(ClusterContext sc, string mode, string key, int workers, int floats, int sliceSize, int firstRound, int rounds, TimeSpan timeout)
    {
        var results = sc.Parallelize(Enumerable.Range(0, workers), workers)
            .MapPartitionsWithIndex((partition, _) => new[] { Task(mode, key, floats, sliceSize, firstRound, rounds, workers, partition, timeout) })
            .Collect();
        int processes = results.Select(r => r[^1]).Distinct().Count();
        if (processes != workers) throw new InvalidOperationException($"the {workers} tasks ran in {processes} processes, not one per worker");
        return results;
    }

    // One array per process for every round, as WorkerReplica keeps one per replica.
    private static float[]? Values;

    // Returns each round's seconds, then the process id.
    private static double[] Task(string mode, string key, int floats, int sliceSize, int firstRound, int rounds, int workers, int partition, TimeSpan timeout)
    {
        var store = ShardedVectorStore.ForMember(TaskContext.Get()!.NodeSystem, timeout, sliceSize);
        var cancel = TaskContext.Get()!.CancellationToken;
        if (Values?.Length != floats) Values = new float[floats];
        var values = Values;
        var step = mode == "ps" ? new float[floats] : null;
        var seconds = new double[rounds + 1];
        for (int i = 0; i < rounds; i++)
        {
            long r = firstRound + i;
            var clock = Stopwatch.StartNew();
            switch (mode)
            {
                case "averaging":
                    store.PullAtVersionAsync(key, values, r, cancel).GetAwaiter().GetResult();
                    store.PushAtStepAsync(key, values, "assign", r, workers, partition, cancel).GetAwaiter().GetResult();
                    break;
                case "ps":
                    store.PullAtVersionAsync(key, values, r, cancel).GetAwaiter().GetResult();
                    store.PushAtStepAsync(key, step!, "momentum(0.9)", r, workers, partition, cancel).GetAwaiter().GetResult();
                    break;
                default:
                    store.PushAtStepAsync(key, values, "assign", r, workers, partition, cancel).GetAwaiter().GetResult();
                    store.PullAtVersionAsync(key, values, r + 1, cancel).GetAwaiter().GetResult();
                    break;
            }
            seconds[i] = clock.Elapsed.TotalSeconds;
        }
        seconds[rounds] = Environment.ProcessId;
        return seconds;
    }
}
