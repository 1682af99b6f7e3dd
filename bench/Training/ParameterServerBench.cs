using System.Diagnostics;
using ActorNet.VectorStore;
using ActorNet.Rdd;

namespace ActorNet.Bench.Training;

/// <summary>
/// Parameter-server traffic (asynchronous mode's per-step pattern, no net compute): K tasks, one per worker process,
/// each doing <c>steps</c> times PushAsync(key, delta, "momentum(0.9)") then PullAsync(key, weights) (into one array per
/// task, as the parameter-server mode's workers pull into one array per round), on a key cut into 4
/// slices (sliceSize = ceil(n / 4), what the training's parameter-server mode does with 4 servers).
/// </summary>
internal static class ParameterServerBench
{
    public const int Servers = 4;

    /// <summary>
    /// The median seconds of <paramref name="runs"/> jobs (after a one-step warm-up job) of K tasks doing
    /// <paramref name="steps"/> steps each, and the CPU time the worker processes and the driver spent in that job.
    /// </summary>
    public static (double Seconds, CpuTime Cpu) Run(ClusterContext sc, int workers, int floats, int steps, int runs, TimeSpan timeout)
    {
        int sliceSize = (floats + Servers - 1) / Servers;
        string key = $"bench/ps/{floats}/{workers}";
        var driver = ShardedVectorStore.ForMember(sc.NodeSystem, timeout, sliceSize);
        driver.InitAsync(key, new float[floats]).GetAwaiter().GetResult();
        try
        {
            int[] processes = [Environment.ProcessId, .. Job(sc, key, workers, floats, sliceSize, 1, timeout)];
            var times = new List<(double Seconds, CpuTime Cpu)>();
            for (int r = 0; r < runs; r++)
            {
                var cpu = CpuTime.Of(processes);
                var clock = Stopwatch.StartNew();
                Job(sc, key, workers, floats, sliceSize, steps, timeout);
                times.Add((clock.Elapsed.TotalSeconds, CpuTime.Of(processes) - cpu));
            }
            times.Sort((a, b) => a.Seconds.CompareTo(b.Seconds));
            return times[times.Count / 2];
        }
        finally
        {
            driver.RemoveAsync(key, floats).GetAwaiter().GetResult();
        }
    }

    private static int[] Job(ClusterContext sc, string key, int workers, int floats, int sliceSize, int steps, TimeSpan timeout)
    {
        var processes = sc.Parallelize(Enumerable.Range(0, workers), workers)
            .MapPartitionsWithIndex((partition, _) => new[] { Task(key, floats, sliceSize, steps, timeout) })
            .Collect();
        if (processes.Distinct().Count() != workers)
            throw new InvalidOperationException($"the {workers} tasks ran in {processes.Distinct().Count()} processes, not one per worker");
        return processes;
    }

    private static int Task(string key, int floats, int sliceSize, int steps, TimeSpan timeout)
    {
        var store = ShardedVectorStore.ForMember(TaskContext.Get()!.NodeSystem, timeout, sliceSize);
        var cancel = TaskContext.Get()!.CancellationToken;
        var delta = new float[floats];
        var weights = new float[floats];
        Array.Fill(delta, 1e-3f);
        for (int s = 0; s < steps; s++)
        {
            store.PushAsync(key, delta, "momentum(0.9)", cancel).GetAwaiter().GetResult();
            store.PullAsync(key, weights, cancel).GetAwaiter().GetResult();
        }
        return Environment.ProcessId;
    }
}
