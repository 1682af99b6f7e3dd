using System.Diagnostics;
using System.Globalization;
using ActorNet.Bench.Soak;
using ActorNet.Rdd;

// The soak (issue 19, item 3): for --minutes (20 by default) a loop of mixed jobs runs on one cluster of actornet
// processes (a seed and two workers): word count with a shuffle, a cached RDD, a broadcast, and a few rounds of
// MnistApp training as a separate application; every --kill-every seconds the second worker is killed with SIGKILL and
// a new one started. The driver's, the seed's and the long-lived worker's memory (RSS, and the GC heap: the driver's
// after a full collection, a node's after its last collection, read from its /metrics), threads and descriptors and the
// shuffle files on disk are sampled; a series that still grows over the second half of the run, a failed job or a wrong
// result fails the soak (exit code 1).
var options = Options.Parse(args);
var clock = Stopwatch.StartNew();
using var nodes = new NodeProcesses(options.ActornetDll);
nodes.StartSeed();
var longLived = nodes.StartWorker();
var restarted = nodes.StartWorker();
using var sc = new ClusterContext($"actornet://{nodes.SeedHostPort}", "soak");

var series = new Dictionary<string, List<(double, double)>>();
void Record(string name, double seconds, double value) => (series.TryGetValue(name, out var s) ? s : series[name] = []).Add((seconds, value));
var samplesPath = Path.Combine(options.OutputFolder, "samples.csv");
Directory.CreateDirectory(options.OutputFolder);
using var samples = new StreamWriter(samplesPath) { AutoFlush = true };
samples.WriteLine("seconds,process,rss_mb,heap_mb,committed_mb,load_contexts,threads,fds,shuffle_files");
void TakeSamples()
{
    var t = clock.Elapsed.TotalSeconds;
    var shuffleFiles = ShuffleFiles();
    foreach (var (name, sample) in new[] { ("driver", Sample.OfSelf(t)), ("seed", Sample.Of(nodes.Seed, t, nodes.MetricsOf(nodes.Seed))),
                 ("worker-1", Sample.Of(longLived, t, nodes.MetricsOf(longLived))), ("worker-2 (restarted)", Sample.Of(restarted, t, nodes.MetricsOf(restarted))) })
    {
        samples.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t:0.0},{name},{sample.RssMb:0.0},{sample.HeapMb:0.0},{sample.CommittedMb:0.0},{sample.LoadContexts:0},{sample.Threads},{sample.Descriptors},{shuffleFiles}"));
        if (name.StartsWith("worker-2", StringComparison.Ordinal)) continue; // restarted on purpose: no trend to fit
        Record($"{name} RSS MB", t, sample.RssMb);
        if (!double.IsNaN(sample.HeapMb)) Record($"{name} GC heap MB", t, sample.HeapMb);
        if (!double.IsNaN(sample.CommittedMb)) Record($"{name} GC committed MB", t, sample.CommittedMb);
        if (!double.IsNaN(sample.LoadContexts)) Record($"{name} load contexts", t, sample.LoadContexts);
        Record($"{name} threads", t, sample.Threads);
        Record($"{name} descriptors", t, sample.Descriptors);
    }
    Record("shuffle files on disk", t, shuffleFiles);
}

var lines = Enumerable.Range(0, 4000).Select(i => $"w{i % 97} w{i % 13} w{i % 5}").ToArray();
var expectedWords = lines.SelectMany(l => l.Split(' ')).GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());
int iterations = 0, failures = 0, kills = 0;
double nextSample = 0, nextKill = options.KillEverySeconds;
Console.WriteLine($"soak: {options.Minutes} min on actornet://{nodes.SeedHostPort} (seed + 2 workers), kill every {options.KillEverySeconds} s, samples in {samplesPath}");
while (clock.Elapsed.TotalMinutes < options.Minutes)
{
    if (clock.Elapsed.TotalSeconds >= nextSample) { TakeSamples(); nextSample += options.SampleEverySeconds; }
    if (clock.Elapsed.TotalSeconds >= nextKill)
    {
        restarted.Kill(entireProcessTree: true);
        restarted.WaitForExit();
        restarted = nodes.StartWorker();
        kills++;
        nextKill += options.KillEverySeconds;
    }
    iterations++;
    try
    {
        // Word count across a shuffle.
        var words = sc.Parallelize(lines, 8).FlatMap(l => l.Split(' ')).Map(w => (w, 1L)).ReduceByKey((a, b) => a + b, 4).Collect();
        Check(words.Length == expectedWords.Count && words.All(w => expectedWords[w.Item1] == w.Item2), "word count");
        // A cached RDD, read twice, then dropped.
        var cached = sc.Range(0, 1_000_000, 1, 8).Map(i => i * 2).Cache();
        Check(cached.Count() == 1_000_000 && cached.Reduce((a, b) => a + b) == 999_999_000_000L, "cached RDD");
        cached.Unpersist();
        // A 4 MB broadcast read by every task, then destroyed.
        var table = sc.Broadcast(Enumerable.Range(0, 1_000_000).Select(i => (float)i).ToArray());
        var probes = sc.Parallelize(Enumerable.Range(0, 8), 8).Map(p => table.Value[p * 100_000]).Collect();
        Check(probes.SequenceEqual(Enumerable.Range(0, 8).Select(p => (float)(p * 100_000))), "broadcast");
        table.Destroy();
        // A few rounds of training, as another application of the same cluster.
        if (iterations % options.MnistEvery == 0) Check(RunMnistApp(options, nodes.SeedHostPort) == 0, "MnistApp");
    }
    catch (Exception e)
    {
        failures++;
        Console.WriteLine($"  iteration {iterations} at {clock.Elapsed.TotalSeconds:0} s failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
    }
}
TakeSamples();

Console.WriteLine($"{iterations} iterations in {clock.Elapsed.TotalMinutes:0.0} min, {failures} failed, {kills} workers killed and restarted");
Console.WriteLine($"{"series",-28} {"first",9} {"last",9} {"2nd-half growth",16}  verdict");
var grows = false;
foreach (var (name, points) in series)
{
    var tolerance = name.Contains("RSS") || name.Contains("committed") ? 64 : name.Contains("heap") ? 32 : name.Contains("contexts") ? 4 : name.Contains("threads") ? 8 : name.Contains("descriptors") ? 16 : 20;
    var (_, growth, grew) = Trend.SecondHalf(points, tolerance);
    grows |= grew;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {points[0].Item2,9:0.#} {points[^1].Item2,9:0.#} {growth,16:+0.#;-0.#;0}  {(grew ? $"GROWS (tolerance {tolerance})" : "flat")}"));
}
return failures > 0 || grows ? 1 : 0;

static void Check(bool ok, string what)
{
    if (!ok) throw new InvalidOperationException($"{what} gave a wrong result");
}

// Shuffle files the cluster's nodes keep under the temp folder (their local-dir), in folders named for applications.
static int ShuffleFiles() =>
    Directory.GetDirectories(Path.GetTempPath(), "actornet-*")
        .Select(d => Path.Combine(d, "shuffle")).Where(Directory.Exists)
        .Sum(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories).Length);

static int RunMnistApp(Options options, string seed)
{
    var output = Path.Combine(options.OutputFolder, "mnistapp");
    var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var arg in (string[])[options.MnistAppDll, "--master", $"actornet://{seed}", "--workers", "2", "--rounds", "3", "--sync-interval", "2",
                 "--test-every", "3", "--threads", "1", "--out", output])
        info.ArgumentList.Add(arg);
    using var process = Process.Start(info)!;
    var tail = process.StandardError.ReadToEndAsync();
    process.StandardOutput.ReadToEnd();
    if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
    Directory.Delete(output, recursive: true);
    if (process.ExitCode != 0) Console.WriteLine($"  MnistApp exited {process.ExitCode}: {tail.Result.Split('\n').LastOrDefault(l => l.Length > 0)}");
    return process.ExitCode;
}

internal sealed record Options(double Minutes, int KillEverySeconds, int SampleEverySeconds, int MnistEvery, string ActornetDll, string MnistAppDll, string OutputFolder)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        return new Options(
            double.Parse(Value("--minutes", "20"), CultureInfo.InvariantCulture),
            int.Parse(Value("--kill-every", "240"), CultureInfo.InvariantCulture),
            int.Parse(Value("--sample-every", "10"), CultureInfo.InvariantCulture),
            int.Parse(Value("--mnist-every", "3"), CultureInfo.InvariantCulture),
            Value("--actornet", "src/Apps/Node/bin/Release/net10.0/actornet.dll"),
            Value("--mnistapp", "src/Apps/MnistApp/bin/Release/net10.0/MnistApp.dll"),
            Value("--out", Path.Combine(Path.GetTempPath(), $"actornet-soak-{DateTime.UtcNow:yyyyMMdd-HHmmss}")));
    }
}
