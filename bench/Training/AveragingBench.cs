using System.Diagnostics;
using ActorNet.VectorStore;
using ActorNet.Rdd;

namespace ActorNet.Bench.Training;

/// <summary>
/// The communication of one model-averaging round (WorkerReplica.AveragingRound without the solver steps): each of the
/// cluster's K tasks (one per worker process) pulls version r of the weights key, then pushes those weights for step r
/// with rule <c>assign</c>, K contributors, contributor id = partition; each slice entity averages the K contributions
/// and moves to version r + 1. The driver initializes the key once; untimed warm-up rounds, then the timed rounds.
/// </summary>
internal static class AveragingBench
{
    /// <summary>
    /// One round's figures: the job's wall time on the driver, the slowest task's pull and push, and the CPU time the
    /// worker processes and the driver spent in the round (zero for the warm-up, before the workers' ids are known).
    /// </summary>
    public sealed record Round(double Seconds, double SlowestPull, double SlowestPush, CpuTime Cpu);

    /// <summary>Runs <paramref name="warmup"/> untimed rounds, then <paramref name="rounds"/> timed ones, calling <paramref name="beforeTimedRound"/> before each of those.</summary>
    public static IReadOnlyList<Round> Run(ClusterContext sc, int workers, int floats, int sliceSize, int warmup, int rounds, TimeSpan timeout,
        Action beforeTimedRound)
    {
        string key = $"bench/averaging/{sliceSize}";
        var driver = ShardedVectorStore.ForMember(sc.NodeSystem, timeout, sliceSize);
        // Dyadic values: the mean of K equal contributions is exact, so the weights must come back unchanged.
        var initial = new float[floats];
        for (int i = 0; i < floats; i++) initial[i] = (i % 1024) * 0.5f;
        driver.InitAsync(key, initial).GetAwaiter().GetResult();
        try
        {
            var results = new List<Round>();
            int[] processes = [Environment.ProcessId];
            for (int r = 0; r < warmup + rounds; r++)
            {
                if (r >= warmup) beforeTimedRound();
                var cpu = CpuTime.Of(processes);
                var clock = Stopwatch.StartNew();
                var tasks = OneRound(sc, key, workers, floats, sliceSize, r, timeout);
                var round = new Round(clock.Elapsed.TotalSeconds, tasks.Max(t => t[0]), tasks.Max(t => t[1]), r == 0 ? default : CpuTime.Of(processes) - cpu);
                processes = [Environment.ProcessId, .. tasks.Select(t => (int)t[2])];
                if (tasks.Select(t => t[2]).Distinct().Count() != workers)
                    throw new InvalidOperationException($"round {r}: the {workers} tasks ran in {tasks.Select(t => t[2]).Distinct().Count()} processes, not one per worker");
                Console.WriteLine($"  slice {sliceSize}: round {r}{(r < warmup ? " (warm-up)" : "")}: {round.Seconds:N2} s (slowest pull {round.SlowestPull:N2} s, slowest push {round.SlowestPush:N2} s){(r == 0 ? "" : $", {round.Cpu}")}");
                if (r >= warmup) results.Add(round);
            }
            var after = driver.PullAtVersionAsync(key, floats, warmup + rounds).GetAwaiter().GetResult();
            for (int i = 0; i < floats; i++)
                if (after[i] != initial[i]) throw new InvalidOperationException($"after {warmup + rounds} rounds weight {i} is {after[i]}, expected {initial[i]}");
            return results;
        }
        finally
        {
            driver.RemoveAsync(key, floats).GetAwaiter().GetResult();
        }
    }

    // One job of K tasks; each returns [pull seconds, push seconds, process id].
    private static double[][] OneRound(ClusterContext sc, string key, int workers, int floats, int sliceSize, long version, TimeSpan timeout) =>
        sc.Parallelize(Enumerable.Range(0, workers), workers)
            .MapPartitionsWithIndex((partition, _) => new[] { Task(key, floats, sliceSize, version, workers, partition, timeout) })
            .Collect();

    // The task's weights, pulled into and pushed from (one task per process at a time: local-cluster[K,1]).
    private static float[]? Weights;

    private static double[] Task(string key, int floats, int sliceSize, long version, int workers, int partition, TimeSpan timeout)
    {
        var store = ShardedVectorStore.ForMember(TaskContext.Get()!.NodeSystem, timeout, sliceSize);
        var cancel = TaskContext.Get()!.CancellationToken;
        var clock = Stopwatch.StartNew();
        // One array per process for all rounds, as WorkerReplica keeps one per replica.
        var weights = Weights ??= new float[floats];
        store.PullAtVersionAsync(key, weights, version, cancel).GetAwaiter().GetResult();
        double pull = clock.Elapsed.TotalSeconds;
        store.PushAtStepAsync(key, weights, "assign", version, workers, partition, cancel).GetAwaiter().GetResult();
        return [pull, clock.Elapsed.TotalSeconds - pull, Environment.ProcessId];
    }
}
