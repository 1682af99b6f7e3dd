using System.Collections.Concurrent;
using System.Diagnostics;
using ActorNet.Bench.Faults;
using ActorNet.Rdd;

// The diskfull case's driver (bench/faults.sh diskfull): joins the cluster at args[0] (actornet://host:port), waits until
// tasks have run on args[1] worker processes, then counts words across a shuffle (16 map tasks on every worker) and
// checks the counts. Prints each failed task attempt ("task failed on <executor>: <message>") and a last line
// "word count correct|WRONG: ... failed attempts on ...". Exit code 0 only when the counts are right.
if (args.Length != 2 || !int.TryParse(args[1], out var workers))
{
    Console.Error.WriteLine("usage: ActorNet.Bench.Faults actornet://host:port WORKERS");
    return 2;
}
using var sc = new ClusterContext(args[0], "faults-diskfull");
var failed = new ConcurrentQueue<(string Executor, string Message)>();
sc.AddListener(new FailedTaskListener(failed));

// Executors register as their workers hear of the application; tasks that report their process show when all have.
var waited = Stopwatch.StartNew();
// (No shuffle here: the full worker must not fail before both have registered.)
while (sc.Parallelize(Enumerable.Range(0, 32), 32).Map(_ => Environment.ProcessId).Collect().Distinct().Count() < workers)
{
    if (waited.Elapsed > TimeSpan.FromSeconds(60))
    {
        Console.Error.WriteLine($"tasks never ran on {workers} worker processes within 60 s");
        return 1;
    }
    Thread.Sleep(200);
}

var lines = Enumerable.Range(0, 20_000).Select(i => $"w{i % 97} w{i % 13} w{i % 5}").ToArray();
var expected = lines.SelectMany(l => l.Split(' ')).GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());
var counts = sc.Parallelize(lines, 16).FlatMap(l => l.Split(' ')).Map(w => (w, 1L)).ReduceByKey((a, b) => a + b, 4).Collect();
var correct = counts.Length == expected.Count && counts.All(c => expected[c.Item1] == c.Item2);
sc.Stop(); // delivers the listener's last events
foreach (var (executor, message) in failed) Console.WriteLine($"task failed on {executor}: {message}");
Console.WriteLine($"word count {(correct ? "correct" : "WRONG")}: {counts.Length} words, {failed.Count} failed attempts on " +
    $"[{string.Join(", ", failed.Select(f => f.Executor).Distinct())}]");
return correct ? 0 : 1;
