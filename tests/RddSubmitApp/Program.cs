using ActorNet.Rdd;

// Word count as a Spark user writes it. The master here is a placeholder: `actornet submit --master URL`
// replaces it, as spark-submit's --master does.
var lines = new[] { "to be or not to be", "that is the question", "to see or not to see" };
using var sc = new ClusterContext("local[1]", "rdd-submit-app");
var counts = sc.Parallelize(lines, 3)
    .FlatMap(line => line.Split(' '))
    .Map(word => (word, 1))
    .ReduceByKey((a, b) => a + b)
    .Collect()
    .OrderBy(kv => kv.Item1, StringComparer.Ordinal);
Console.WriteLine($"master {sc.Master} executors {sc.DefaultParallelism}");
foreach (var (word, n) in counts) Console.WriteLine($"count {word} {n}");
return 0;
