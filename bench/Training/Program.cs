using System.Diagnostics;
using System.Globalization;
using ActorNet.Bench.Training;
using ActorNet.Rdd;

// Distributed training's store traffic on local-cluster, each figure next to a loopback-socket floor measured in the
// same run (see bench/training.sh and bench/RESULTS.md). Options:
//   --master URL        default local-cluster[4,1] (one task slot per worker, so K tasks land in K processes)
//   --only averaging|ps one of the two benchmarks
//   --floats N          averaging: weights length (default 61,000,000 = CaffeNet's 244 MB)
//   --slices A,B        averaging: slice sizes to run (default 262144, the store's default)
//   --rounds R          averaging: timed rounds (default 7), each right after a floor run (the ratio is median over median)
//   --warmup W          averaging: untimed rounds first (default 10: the workers' JIT tiers up over the first rounds -
//                       perf maps show a worker still compiling ~26 methods per round between rounds 10 and 20, and
//                       rounds 1-7 run 10-20% slower than later ones - while a training run's rounds are many, so the
//                       steady state is what matters)
//   --ps-floats A,B     parameter server: vector lengths (default 431080,16000000: LeNet and a 16M-float vector)
//   --ps-workers A,B    parameter server: worker tasks (default 2,4)
//   --ps-mb M           parameter server: MB each task pushes and pulls per run (sets the steps; default 512)
//   --workers K         wait for K task slots (a cluster joined with actornet://) and use K workers
//   --only modes        (not in the default run) one synchronization of each training mode, K = all task slots, each
//                       next to its bytes-on-the-wire model (bench/netsim.sh runs it behind the throttling proxy):
//   --modes A,B         averaging,ps,allreduce (default all three)
//   --mode-floats A,B   vector lengths (default 431080,61000000: LeNet and CaffeNet)
//   --mode-rounds R     timed rounds (default 5) after --mode-warmup W untimed ones (default 3)
//   --mbit M            the simulated link's bandwidth, for the model (absent: no model, plain loopback)
//   --latency-ms L      the simulated link's one-way latency (default 0.2)
//   --mode-slice N      slice size of the averaging and allreduce keys (default: the configured 262,144; ps: n / 4)
//   --netsim-stats PORT the proxy's stats port: bytes each node's link carried in the timed rounds, for a second model
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string master = Option("--master") ?? "local-cluster[4,1]";
string? only = Option("--only");
int floats = int.Parse(Option("--floats") ?? "61000000", CultureInfo.InvariantCulture);
int[] slices = Ints(Option("--slices") ?? "262144");
int rounds = int.Parse(Option("--rounds") ?? "7", CultureInfo.InvariantCulture);
int warmup = int.Parse(Option("--warmup") ?? "10", CultureInfo.InvariantCulture);
if (warmup < 1) throw new ArgumentException("--warmup must be at least 1 (the first round finds the worker processes)");
int[] psFloats = Ints(Option("--ps-floats") ?? "431080,16000000");
int[] psWorkers = Ints(Option("--ps-workers") ?? "2,4");
double psMegabytes = double.Parse(Option("--ps-mb") ?? "512", CultureInfo.InvariantCulture);
string[] modes = (Option("--modes") ?? string.Join(',', ModeRoundsBench.Modes)).Split(',');
int[] modeFloats = Ints(Option("--mode-floats") ?? "431080,61000000");
int modeRounds = int.Parse(Option("--mode-rounds") ?? "5", CultureInfo.InvariantCulture);
int modeWarmup = int.Parse(Option("--mode-warmup") ?? "3", CultureInfo.InvariantCulture);
double? mbit = Option("--mbit") is { } m ? double.Parse(m, CultureInfo.InvariantCulture) : null;
double latencyMs = double.Parse(Option("--latency-ms") ?? "0.2", CultureInfo.InvariantCulture);
int? modeSlice = Option("--mode-slice") is { } ms ? int.Parse(ms, CultureInfo.InvariantCulture) : null;
int? statsPort = Option("--netsim-stats") is { } sp ? int.Parse(sp, CultureInfo.InvariantCulture) : null;
const int floorRuns = 3;
var timeout = TimeSpan.FromMinutes(10);

Console.WriteLine($"# Training store benchmark: {Environment.ProcessorCount} cores, load {Load()}, {Machine.MemoryGiB()} GiB RAM, .NET {Environment.Version}, master {master}");
var started = Stopwatch.StartNew();
using var sc = new ClusterContext(master, "training-bench");
int workers = sc.DefaultParallelism; // one slot per worker with local-cluster[N,1]
if (Option("--workers") is { } expected)
{
    // On actornet:// the workers register as they join: wait for them (bench/netsim.sh starts them just before).
    workers = int.Parse(expected, CultureInfo.InvariantCulture);
    var joining = Stopwatch.StartNew();
    while (sc.TaskSlots < workers)
    {
        if (joining.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException($"--workers {workers}: only {sc.TaskSlots} task slots after 120 s");
        Thread.Sleep(200);
    }
    if (sc.TaskSlots != workers) throw new InvalidOperationException($"--workers {workers}, but the cluster has {sc.TaskSlots} task slots (one per worker expected)");
}
Console.WriteLine($"cluster up in {started.Elapsed.TotalSeconds:N1} s: {workers} task slots");
var rows = new List<string>();

if (only == "modes")
{
    foreach (int n in modeFloats)
    {
        foreach (string mode in modes)
        {
            Console.WriteLine($"{mode}: {n:N0} floats, K = {workers}, load {Load()}");
            IReadOnlyList<NetSimStats.LinkBytes> before = [];
            var times = ModeRoundsBench.Run(sc, mode, workers, n, modeSlice, modeWarmup, modeRounds, timeout,
                beforeTimed: () => before = statsPort is int p ? NetSimStats.Read(p) : []);
            var links = statsPort is int port ? NetSimStats.Delta(NetSimStats.Read(port), before) : [];
            Console.WriteLine($"  rounds: {string.Join(", ", times.Select(t => $"{t * 1e3:N1} ms"))}");
            foreach (var l in links) Console.WriteLine($"  link {l.Name}: {l.ToNode / (double)modeRounds / 1e6:N2} MB in, {l.FromNode / (double)modeRounds / 1e6:N2} MB out per round");
            double median = times.Order().ElementAt(times.Length / 2);
            // Every node hosts ~1/K of the slices: in each phase (pull, push) it serves (K-1)/K of the vector to, or
            // takes it from, the other K-1 workers, and each phase is one request and its reply (2 one-way latencies).
            string model = "–", measuredModel = "–", ratio = "–";
            if (mbit is double rate)
            {
                double bytesPerSecond = rate * 1e6 / 8;
                double even = 2.0 * (workers - 1) / workers * n * 4 / bytesPerSecond + 4 * latencyMs / 1e3;
                model = $"{even * 1e3:N1} ms";
                ratio = $"{median / even:N2}× / {times.Min() / even:N2}×";
                if (links.Count > 0)
                {
                    // The busiest link in each phase: pushes go into a slice's node, pull replies out of it.
                    double busiest = (links.Max(l => l.ToNode) + links.Max(l => l.FromNode)) / (double)modeRounds;
                    double byBytes = busiest / bytesPerSecond + 4 * latencyMs / 1e3;
                    measuredModel = $"{byBytes * 1e3:N1} ms ({busiest / 1e6:N1} MB on the busiest links)";
                    ratio = $"{median / byBytes:N2}× / {times.Min() / byBytes:N2}×";
                }
            }
            string link = mbit is double b ? $"{b / 1000:0.#} Gbit/s, {latencyMs} ms" : "loopback (no proxy)";
            string slicing = mode == "ps" ? "4 servers" : $"slice {modeSlice ?? 262144:N0}";
            string row = $"| {mode} ({slicing}) | {n:N0} | {workers} | {link} | {median * 1e3:N1} ms ({times.Min() * 1e3:N1}–{times.Max() * 1e3:N1}) | {model} | {measuredModel} | {ratio} | {Load()} |";
            Console.WriteLine(row);
            rows.Add(row);
        }
    }
    Console.WriteLine();
    Console.WriteLine("| mode | floats | K | link | round, median of the timed (min–max) | model, even slices | model, busiest links' measured bytes | measured / model (median / min) | load |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
    foreach (var row in rows) Console.WriteLine(row);
    return;
}

if (only is null or "averaging")
{
    var source = Machine.Filled(checked(floats * 4L));
    var (fresh, reused) = Machine.CopySeconds(source);
    Console.WriteLine($"memory copy, one thread, {floats * 4e-6:N0} MB: into a new array {fresh:N3} s ({source.Length / fresh / 1e9:N2} GB/s), " +
                      $"into a touched array {reused:N3} s ({source.Length / reused / 1e9:N2} GB/s); one user-space copy of a round's " +
                      $"{2 * workers} × {floats * 4e-6:N0} MB costs {2 * workers * fresh:N2} CPU-s fresh, {2 * workers * reused:N2} reused");
    foreach (int slice in slices)
    {
        Console.WriteLine($"averaging: {floats:N0} floats ({floats * 4e-6:N0} MB), {workers} workers, slice {slice} floats, load {Load()}");
        // The floor is measured right before each timed round, so the two share the machine's moment: this VM's speed drifts
        // by a third over minutes, and a floor taken once up front made the ratio swing with it.
        var floorTimes = new List<double>();
        var floorCpu = new CpuTime(0, 0);
        var times = AveragingBench.Run(sc, workers, floats, slice, warmup, rounds, timeout, beforeTimedRound: () =>
        {
            var cpu = CpuTime.Of(Environment.ProcessId);
            floorTimes.Add(LoopbackFloor.Seconds(workers, floats * 4L, source));
            floorCpu += CpuTime.Of(Environment.ProcessId) - cpu;
        });
        floorCpu = floorCpu.Per(floorTimes.Count);
        double floor = floorTimes.Order().ElementAt(floorTimes.Count / 2);
        Console.WriteLine($"  floor before each timed round: {workers} loopback connections, {floats * 4e-6:N0} MB each way on each: {string.Join(", ", floorTimes.Select(t => $"{t:N2} s"))}; {floorCpu} per run");
        var sorted = times.OrderBy(t => t.Seconds).ToArray();
        var median = sorted[sorted.Length / 2];
        double moved = 2.0 * workers * floats * 4;
        string row = $"| averaging round, {floats:N0} floats, K = {workers}, slice {slice:N0} | {median.Seconds:N2} s (slowest pull {median.SlowestPull:N2} s, slowest push {median.SlowestPush:N2} s), " +
                     $"{moved / median.Seconds / 1e9:N2} GB/s; {median.Cpu} | {floor:N2} s (median of {floorTimes.Count}), {moved / floor / 1e9:N2} GB/s; {floorCpu} | " +
                     $"{median.Seconds / floor:N2}× the floor's time, {median.Cpu.Total / floorCpu.Total:N1}× its CPU | load {Load()} |";
        Console.WriteLine(row);
        rows.Add(row);
    }
}

if (only is null or "ps")
{
    var source = Machine.Filled(64 << 20);
    foreach (int n in psFloats)
    {
        foreach (int k in psWorkers)
        {
            if (k > workers) throw new ArgumentException($"--ps-workers {k} needs at least {k} task slots; {master} has {workers}");
            int steps = Math.Max(3, (int)(psMegabytes * 1e6 / (2.0 * n * 4)));
            Console.WriteLine($"parameter server: {n:N0} floats, K = {k}, {steps} steps per task, 4 slices, load {Load()}");
            var (seconds, cpu) = ParameterServerBench.Run(sc, k, n, steps, runs: 3, timeout);
            long each = (long)steps * n * 4;
            var floorCpu = CpuTime.Of(Environment.ProcessId);
            var floorTimes = Enumerable.Range(0, floorRuns).Select(_ => LoopbackFloor.Seconds(k, each, source)).Order().ToArray();
            floorCpu = CpuTime.Of(Environment.ProcessId) - floorCpu;
            floorCpu = floorCpu.Per(floorRuns);
            double floor = floorTimes[floorRuns / 2];
            double moved = 2.0 * k * each;
            string row = $"| PS push (momentum(0.9)) + pull, {n:N0} floats, K = {k}, {steps} steps | {moved / seconds / 1e6:N0} MB/s, {k * steps / seconds:N1} steps/s ({steps / seconds:N1} per worker); {cpu} | " +
                         $"{moved / floor / 1e6:N0} MB/s; {floorCpu} | {floor / seconds:N2} of the floor's MB/s, {cpu.Total / floorCpu.Total:N1}× its CPU | load {Load()} |";
            Console.WriteLine(row);
            rows.Add(row);
        }
    }
}

Console.WriteLine();
Console.WriteLine("| case | store (wall; CPU of workers + driver) | loopback floor (same run) | ratio | load |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var row in rows) Console.WriteLine(row);
return;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static int[] Ints(string list) => list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
