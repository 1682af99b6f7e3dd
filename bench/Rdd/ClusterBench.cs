using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorNet.Rdd;

/// <summary>
/// The cluster figures (bench/rdd.sh --cluster): on local-cluster[2] (a seed and two worker processes on this
/// machine), empty-task throughput, Collect of 10M floats next to a raw loopback socket copy of the same bytes in
/// the same run, and ReduceByKey of 10M (int, long) pairs over 8 partitions with the shuffle crossing processes.
/// </summary>
internal static class ClusterBench
{
    public static void Run(string[] args, int runs, bool quick)
    {
        var master = args.SkipWhile(a => a != "--master").Skip(1).FirstOrDefault() ?? "local-cluster[2]";
        var started = Stopwatch.StartNew();
        using var sc = new ClusterContext(master, "rdd-cluster-bench");
        Console.WriteLine($"# RDD cluster benchmark: master {master} ({sc.DefaultParallelism} task slots, started in {started.Elapsed.TotalSeconds:N1} s), " +
                          $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, runs {runs} (+1 warm-up)");

        // 1. Empty tasks: one job of many partitions whose tasks do nothing (--collect: Collect's figures alone).
        var collectOnly = args.Contains("--collect");
        if (!collectOnly)
        {
            var tasks = quick ? 2_000 : 20_000;
            var empty = sc.Parallelize(Enumerable.Range(0, tasks), tasks);
            // The first run pays for JIT compilation; the per-message paths of Akka.Remote reach their tier-1 code only
            // after 10-20 s of traffic (measured: runs 2-6 at 7-9.5k tasks/s, from the 8th on at 9.5-10.5k). Both figures.
            var cold = Stopwatch.StartNew();
            empty.ForeachPartition(_ => { });
            var coldSeconds = cold.Elapsed.TotalSeconds;
            var warmUp = quick ? TimeSpan.Zero : TimeSpan.FromSeconds(20);
            while (cold.Elapsed < warmUp) empty.ForeachPartition(_ => { });
            var warmedFor = cold.Elapsed.TotalSeconds;
            var taskSeconds = Median(runs, () => empty.ForeachPartition(_ => { }));
            Console.WriteLine($"empty tasks: {tasks} tasks in one job: {tasks / taskSeconds:N0} tasks/s ({taskSeconds * 1e6 / tasks:N1} µs/task) " +
                              $"after {warmedFor:N0} s of warm-up; the first run: {tasks / coldSeconds:N0} tasks/s");
            var jobs = quick ? 100 : 500;
            var single = sc.Parallelize(new[] { 0 }, 1);
            var jobSeconds = Median(runs, () => { for (var i = 0; i < jobs; i++) single.ForeachPartition(_ => { }); });
            Console.WriteLine($"empty jobs: {jobs} one-task jobs: {jobs / jobSeconds:N0} jobs/s ({jobSeconds * 1e6 / jobs:N1} µs/job)");
        }
        if (args.Contains("--only")) return;

        // 2. Collect of 10M floats (8 partitions cached on the workers first, so the figure is the transfer, not the
        // computation) against a raw loopback socket copy of the same bytes.
        var floats = quick ? 1_000_000 : 10_000_000;
        var values = sc.Range(0, floats, 1, 8).Map(i => (float)i).Cache();
        var computeSeconds = Median(1, () => values.Count());
        Console.WriteLine($"collect input: {floats:N0} floats computed and cached on the workers in {computeSeconds:N3} s (Count)");
        // Engine and socket runs alternate, so that both see the same machine (the VM's second vCPU comes and goes).
        var turns = quick ? 1 : 9;
        var (collectSeconds, socketSeconds) = Interleaved(turns, () =>
        {
            var got = values.Collect();
            if (got.Length != floats || got[^1] != floats - 1) throw new InvalidOperationException("Collect gave the wrong floats");
        }, () => LoopbackCopy(floats * 4));
        var megabytes = floats * 4.0 / 1e6;
        double localSeconds;
        using (var local = new ClusterContext("local[4]", "rdd-cluster-bench-local"))
        {
            var localValues = local.Range(0, floats, 1, 8).Map(i => (float)i).Cache();
            localValues.Count();
            localSeconds = Median(runs, () => localValues.Collect());
        }
        Console.WriteLine($"collect: {floats:N0} floats ({megabytes:N0} MB): {collectSeconds:N3} s, {megabytes / collectSeconds:N0} MB/s; " +
                          $"raw loopback socket copy of the same bytes: {megabytes / socketSeconds:N0} MB/s; engine/socket = {socketSeconds / collectSeconds:N2}; " +
                          $"the same Collect in local[4] (no process boundary): {megabytes / localSeconds:N0} MB/s");
        // The same floats as 8 arrays computed on the workers (one element per partition), next to a socket run of the same run.
        var perArray = floats / 8;
        var floatArrays = sc.Parallelize(Enumerable.Range(0, 8), 8).Map(p =>
        {
            var values = new float[perArray];
            for (var i = 0; i < values.Length; i++) values[i] = p * perArray + i;
            return values;
        });
        var (arraySeconds, arraySocketSeconds) = Interleaved(turns, () =>
        {
            var got = floatArrays.Collect();
            if (got.Length != 8 || got[7][^1] != floats - 1) throw new InvalidOperationException("Collect gave the wrong arrays");
        }, () => LoopbackCopy(floats * 4));
        // What computing the arrays costs by itself (the same job sending back only their lengths): part of the figure above,
        // and on 2 cores about as long as the whole socket copy it is compared with.
        var computeOnlySeconds = Median(turns, () => floatArrays.Map(v => v.Length).Collect());
        Console.WriteLine($"collect arrays: 8 x {perArray:N0} floats computed on the workers: {arraySeconds:N3} s, {megabytes / arraySeconds:N0} MB/s; " +
                          $"raw loopback socket copy of the same bytes: {megabytes / arraySocketSeconds:N0} MB/s; engine/socket = {arraySocketSeconds / arraySeconds:N2}; " +
                          $"computing the arrays alone: {computeOnlySeconds:N3} s");
        if (collectOnly) return;

        // 3. ReduceByKey of (int, long) pairs over 8 partitions, keys spread over 1M values; shuffle across processes.
        long records = quick ? 1_000_000 : 10_000_000;
        const int distinctKeys = 1_000_000;
        var pairs = sc.Range(0, records, 1, 8).Map(i => ((int)(i * 2654435761L % distinctKeys), i));
        long shuffleBytes = 0;
        var reduceSeconds = Median(runs, () =>
        {
            var before = WorkerShuffleBytes(sc);
            var count = pairs.ReduceByKey((a, b) => a + b).Count();
            if (count != Math.Min(records, distinctKeys)) throw new InvalidOperationException($"ReduceByKey gave {count} keys");
            shuffleBytes = WorkerShuffleBytes(sc) - before;
        });
        Console.WriteLine($"reduceByKey: {records:N0} (int,long) pairs, 8 partitions, {distinctKeys:N0} keys: {records / reduceSeconds / 1e6:N2} M records/s, " +
                          $"shuffle {shuffleBytes / 1e6:N1} MB written and read at {shuffleBytes / reduceSeconds / 1e6:N1} MB/s ({reduceSeconds:N2} s)");

        // 4. TreeAggregate of 16 float arrays summed element-wise: partial sums meet on the workers through a shuffle,
        //    the last level on the driver. Peer: the same sum in one thread of this process (no engine).
        int length = quick ? 1_000_000 : 10_000_000;
        const int arrays = 16;
        var vectors = sc.Parallelize(Enumerable.Range(0, arrays), arrays).Map(i => Filled(length, i));
        var treeSeconds = Median(runs, () =>
        {
            var sum = vectors.TreeAggregate(new float[length], AddInto, AddInto, depth: 2);
            if (sum[1] != arrays * (arrays - 1) / 2 + arrays) throw new InvalidOperationException($"TreeAggregate gave {sum[1]}");
        });
        var peerSeconds = Median(runs, () =>
        {
            var acc = new float[length];
            for (var i = 0; i < arrays; i++) AddInto(acc, Filled(length, i));
        });
        double inputMb = (double)arrays * length * sizeof(float) / 1e6;
        Console.WriteLine($"treeAggregate: {arrays} x {length:N0}-float arrays (depth 2): {treeSeconds:N2} s, {inputMb / treeSeconds:N0} MB/s of input; " +
                          $"one-thread in-process peer {peerSeconds:N2} s ({inputMb / peerSeconds:N0} MB/s); engine/peer = {peerSeconds / treeSeconds:N2}");
    }

    private static float[] Filled(int length, int value)
    {
        var array = new float[length];
        Array.Fill(array, value + 1f);
        array[1] = value + 1;
        return array;
    }

    private static float[] AddInto(float[] accumulator, float[] x)
    {
        System.Numerics.Tensors.TensorPrimitives.Add(accumulator, x, accumulator);
        return accumulator;
    }

    /// <summary>Sends <paramref name="bytes"/> bytes from one loopback socket to another in 1 MiB writes; returns when all arrived.</summary>
    private static void LoopbackCopy(int bytes)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var server = listener.AcceptTcpClient();
        var reader = Task.Run(() =>
        {
            var buffer = new byte[1 << 20];
            var stream = server.GetStream();
            var left = bytes;
            while (left > 0)
            {
                var n = stream.Read(buffer, 0, Math.Min(buffer.Length, left));
                if (n == 0) throw new EndOfStreamException();
                left -= n;
            }
        });
        var payload = new byte[bytes];
        var output = client.GetStream();
        for (var at = 0; at < bytes; at += 1 << 20) output.Write(payload, at, Math.Min(1 << 20, bytes - at));
        reader.GetAwaiter().GetResult();
    }

    // The workers run on this machine: their shuffle files are under the temp folder, in folders named for the application.
    private static long WorkerShuffleBytes(ClusterContext sc) =>
        Directory.GetDirectories(Path.GetTempPath(), $"actornet-{sc.AppId}-*")
            .SelectMany(d => Directory.Exists(Path.Combine(d, "shuffle")) ? Directory.GetFiles(Path.Combine(d, "shuffle"), "*.data") : [])
            .Sum(f => new FileInfo(f).Length);

    /// <summary>
    /// Medians of <paramref name="pairs"/> runs of <paramref name="a"/> and of <paramref name="b"/>, taken in turn after as
    /// many warm-up runs of each: a Collect's paths (the data plane's receive, the executors' send) reach their optimized
    /// code only after some ten calls, and took 30-80 ms per 40 MB Collect before that against 17-20 ms after.
    /// </summary>
    private static (double A, double B) Interleaved(int pairs, Action a, Action b)
    {
        for (var r = 0; r < pairs; r++)
        {
            a();
            b();
        }
        var timesA = new List<double>();
        var timesB = new List<double>();
        for (var r = 0; r < pairs; r++)
        {
            var sw = Stopwatch.StartNew();
            a();
            timesA.Add(sw.Elapsed.TotalSeconds);
            sw.Restart();
            b();
            timesB.Add(sw.Elapsed.TotalSeconds);
        }
        return (Middle(timesA), Middle(timesB));
    }

    private static double Median(int runs, Action action)
    {
        action();
        var times = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        return Middle(times);
    }

    private static double Middle(List<double> times)
    {
        times.Sort();
        return times[times.Count / 2];
    }
}
