using System.Diagnostics;
using System.Globalization;
using ActorNet.Rdd;

// End-to-end RDD benchmarks in local mode. Each figure is the median of the timed runs after one warm-up;
// each engine figure is printed with its in-process peer measured in the same run.
var quick = args.Contains("--quick");
var runs = quick ? 1 : 3;
var master = args.SkipWhile(a => a != "--master").Skip(1).FirstOrDefault() ?? "local[2]";
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Contains("--cluster"))
{
    ClusterBench.Run(args, runs, quick);
    return;
}

Console.WriteLine($"# RDD local-mode benchmark: master {master}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, runs {runs} (+1 warm-up)");
using var sc = new ClusterContext(master, "rdd-bench");

// 1. Empty tasks: one job of many partitions whose tasks do nothing, and many one-task jobs.
var tasks = int.Parse(args.SkipWhile(a => a != "--tasks").Skip(1).FirstOrDefault() ?? (quick ? "2000" : "20000"), CultureInfo.InvariantCulture);
var empty = sc.Parallelize(Enumerable.Range(0, tasks), tasks);
var (taskSeconds, taskCpu) = MedianWithCpu(runs, () => empty.ForeachPartition(_ => { }));
Console.WriteLine($"empty tasks: {tasks} tasks in one job: {tasks / taskSeconds:N0} tasks/s ({taskSeconds * 1e6 / tasks:N1} µs/task, {taskCpu * 1e6 / tasks:N1} µs CPU/task)");
var jobs = quick ? 200 : 2_000;
var single = sc.Parallelize(new[] { 0 }, 1);
var (jobSeconds, jobCpu) = MedianWithCpu(runs, () => { for (var i = 0; i < jobs; i++) single.ForeachPartition(_ => { }); });
Console.WriteLine($"empty jobs: {jobs} one-task jobs: {jobs / jobSeconds:N0} jobs/s ({jobSeconds * 1e6 / jobs:N1} µs/job, {jobCpu * 1e6 / jobs:N1} µs CPU/job)");
Console.WriteLine("reference: Spark's driver schedules on the order of 1-2k tasks/s");
if (args.Contains("--only")) return;

// 2. ReduceByKey of (int, long) pairs over 8 partitions, keys spread over 1M values.
long records = quick ? 1_000_000 : 10_000_000;
const int distinctKeys = 1_000_000;
var pairs = sc.Range(0, records, 1, 8).Map(i => ((int)(i * 2654435761L % distinctKeys), i));
long shuffleBytes = 0;
var reduceSeconds = Median(runs, () =>
{
    var reduced = pairs.ReduceByKey((a, b) => a + b);
    var count = reduced.Count();
    if (count != Math.Min(records, distinctKeys)) throw new InvalidOperationException($"ReduceByKey gave {count} keys");
    shuffleBytes = ShuffleBytes(sc);
    ClearShuffleFiles(sc);
});
Console.WriteLine($"reduceByKey: {records:N0} (int,long) pairs, 8 partitions, {distinctKeys:N0} keys: {records / reduceSeconds / 1e6:N2} M records/s, " +
                  $"shuffle {shuffleBytes / 1e6:N1} MB written at {shuffleBytes / reduceSeconds / 1e6:N1} MB/s ({reduceSeconds:N2} s)");
var peerSeconds = Median(runs, () =>
{
    var map = new Dictionary<int, long>();
    for (long i = 0; i < records; i++)
    {
        var k = (int)(i * 2654435761L % distinctKeys);
        map[k] = map.TryGetValue(k, out var v) ? v + i : i;
    }
    if (map.Count != Math.Min(records, distinctKeys)) throw new InvalidOperationException("peer miscounted");
});
Console.WriteLine($"peer (one thread, Dictionary, no engine): {records / peerSeconds / 1e6:N2} M records/s; engine/peer = {peerSeconds / reduceSeconds:N2}");

// 3. TreeAggregate of 16 float arrays summed element-wise.
var length = quick ? 1_000_000 : 10_000_000;
const int arrays = 16;
var vectors = sc.Parallelize(Enumerable.Range(0, arrays), arrays).Map(i => Filled(length, i));
float[] Add(float[] acc, float[] x)
{
    System.Numerics.Tensors.TensorPrimitives.Add(acc, x, acc);
    return acc;
}
var treeSeconds = Median(runs, () =>
{
    var sum = vectors.TreeAggregate(new float[length], Add, Add, depth: 2);
    if (sum[1] != arrays * (arrays - 1) / 2 + arrays) throw new InvalidOperationException($"TreeAggregate gave {sum[1]}");
    ClearShuffleFiles(sc);
});
var inputMb = (double)arrays * length * sizeof(float) / 1e6;
Console.WriteLine($"treeAggregate: {arrays} x {length:N0}-float arrays (depth 2): {treeSeconds:N2} s, {inputMb / treeSeconds:N0} MB/s of input");
var treePeer = Median(runs, () =>
{
    var acc = new float[length];
    for (var i = 0; i < arrays; i++) Add(acc, Filled(length, i));
});
Console.WriteLine($"peer (one thread, create + add the same arrays, no engine): {treePeer:N2} s; engine/peer = {treePeer / treeSeconds:N2}");

static float[] Filled(int length, int i)
{
    var a = new float[length];
    Array.Fill(a, i);
    a[1] = i + 1;
    return a;
}

static double Median(int runs, Action action)
{
    action();
    var times = new List<double>();
    for (var r = 0; r < runs; r++)
    {
        var sw = Stopwatch.StartNew();
        action();
        times.Add(sw.Elapsed.TotalSeconds);
    }
    times.Sort();
    return times[times.Count / 2];
}

// Wall time and process CPU time (all threads) of the run with the median wall time: on a loaded machine the CPU
// time per task is the steadier figure.
static (double Wall, double Cpu) MedianWithCpu(int runs, Action action)
{
    action();
    var times = new List<(double Wall, double Cpu)>();
    for (var r = 0; r < runs; r++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        action();
        times.Add((sw.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds));
    }
    times.Sort();
    return times[times.Count / 2];
}

static string ShuffleDir(ClusterContext sc) => Path.Combine(Path.GetTempPath(), $"actornet-{sc.AppId}", "shuffle");

static long ShuffleBytes(ClusterContext sc) => Directory.GetFiles(ShuffleDir(sc), "*.data").Sum(f => new FileInfo(f).Length);

static void ClearShuffleFiles(ClusterContext sc)
{
    foreach (var f in Directory.GetFiles(ShuffleDir(sc))) File.Delete(f);
}
