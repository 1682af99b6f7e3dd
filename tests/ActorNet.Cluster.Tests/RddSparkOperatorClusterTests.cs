using ActorNet.Rdd;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// The operators of issue 17 on local-cluster[2], one test per group: their tasks run in worker processes, so
/// what they send back (StatCounters, histogram counts, samples) and what they capture (fractions, commands,
/// paths) crosses processes.
/// </summary>
[Collection(RddClusterCollection.Name)]
public sealed class RddSparkOperatorClusterTests(LocalClusterFixture fixture)
{
    private ClusterContext Sc => fixture.Context;

    [Fact]
    public void Statistics_and_histograms_come_back_from_the_workers()
    {
        var data = Enumerable.Range(0, 10_000).Select(i => i % 101 * 0.5).ToArray();
        var rdd = Sc.Parallelize(data, 8);
        var expected = StatCounter.Of(data);

        var stats = rdd.Stats();
        Assert.Equal(expected.Count, stats.Count);
        Assert.Equal(expected.Mean, stats.Mean, 10);
        Assert.Equal(expected.Variance, stats.Variance, 8);
        Assert.Equal((expected.Max, expected.Min), (stats.Max, stats.Min));
        Assert.Equal(expected.SampleStdev, Sc.Parallelize(data.Select(x => (float)x), 4).SampleStdev(), 4);

        // A StatCounter as a user's zero value and per-key result travels too.
        var byParity = rdd.Map(x => ((int)(x * 2) % 2, x))
            .AggregateByKey(new StatCounter(), (s, x) => s.Merge(x), (a, b) => a.Merge(b)).CollectAsMap();
        Assert.Equal(data.LongLength, byParity.Values.Sum(s => s.Count));
        Assert.Equal(data.Where(x => (int)(x * 2) % 2 == 1).Average(), byParity[1].Mean, 10);

        var (buckets, counts) = rdd.Histogram(5);
        Assert.Equal(new[] { 0.0, 10.0, 20.0, 30.0, 40.0, 50.0 }, buckets);
        Assert.Equal(data.GroupBy(x => Math.Min((int)(x / 50.0 * 5), 4)).OrderBy(g => g.Key).Select(g => (long)g.Count()), counts);
        Assert.Equal(new long[] { data.Count(x => x < 25), data.Count(x => x >= 25) }, rdd.Histogram([0.0, 25.0, 50.0]));
        Assert.True(double.IsNaN(Sc.Parallelize(Array.Empty<double>(), 3).Stats().Variance));
    }

    [Fact]
    public void Sampling_by_key_and_take_sample_run_on_the_workers()
    {
        var pairs = Enumerable.Range(0, 20_000).Select(i => (i % 2 == 0 ? "even" : "odd", i)).ToArray();
        var rdd = Sc.Parallelize(pairs, 6);
        var fractions = new Dictionary<string, double> { ["even"] = 1.0, ["odd"] = 0.1 };
        var sample = rdd.SampleByKey(false, fractions, 5).Collect();
        Assert.Equal(10_000, sample.Count(p => p.Item1 == "even"));
        Assert.InRange(sample.Count(p => p.Item1 == "odd"), 800, 1200);
        Assert.Equal(sample, rdd.SampleByKey(false, fractions, 5).Collect());

        var taken = rdd.TakeSample(false, 37, 9);
        Assert.Equal(37, taken.Length);
        Assert.Equal(37, taken.Distinct().Count());
        Assert.Equal(taken, rdd.TakeSample(false, 37, 9));
        Assert.Equal(100, rdd.TakeSample(true, 100, 9).Length);
    }

    [Fact]
    public void Group_by_subtract_by_key_and_sorted_repartitioning_shuffle_across_workers()
    {
        var data = Enumerable.Range(0, 3000).ToArray();
        var rdd = Sc.Parallelize(data, 6);
        var groups = rdd.GroupBy(x => x % 11, 3).Collect().ToDictionary(g => g.Item1, g => g.Item2.Order().ToArray());
        Assert.Equal(data.GroupBy(x => x % 11).ToDictionary(g => g.Key, g => g.ToArray()), groups);

        var keyed = rdd.Map(x => (x % 100, x));
        var drop = Sc.Parallelize(Enumerable.Range(0, 50).Select(k => (k * 2, "even")), 2);
        Assert.Equal(data.Where(x => x % 100 % 2 == 1).Order(), keyed.SubtractByKey(drop).Values().Collect().Order());

        var partitioner = new HashPartitioner(4);
        var parts = keyed.RepartitionAndSortWithinPartitions(partitioner).Glom().Collect();
        Assert.Equal(4, parts.Length);
        for (var p = 0; p < 4; p++)
        {
            Assert.All(parts[p], kv => Assert.Equal(p, partitioner.GetPartition(kv.Item1)));
            Assert.Equal(parts[p].Select(kv => kv.Item1).Order(), parts[p].Select(kv => kv.Item1));
        }
        Assert.Equal(data, parts.SelectMany(p => p.Select(kv => kv.Item2)).Order());
    }

    [Fact]
    public void Object_files_and_pipes_run_in_worker_processes()
    {
        var dir = Path.Combine(Path.GetTempPath(), "actornet-cluster-tests", Guid.NewGuid().ToString("N"), "objects");
        var data = Enumerable.Range(0, 5000).Select(i => (i, $"v{i}")).ToArray();
        Sc.Parallelize(data, 4).SaveAsObjectFile(dir);
        Assert.Equal(4, Directory.GetFiles(dir, "part-*").Length);
        Assert.Equal(data, Sc.ObjectFile<(int, string)>(dir).Collect());

        // Each partition's process is a child of a worker: its parent pid is a worker's, not the driver's.
        var parents = Sc.Parallelize(Enumerable.Range(0, 16), 16).Pipe("cat >/dev/null; echo $PPID").Collect().Select(int.Parse).Distinct().ToArray();
        Assert.Equal(2, parents.Length);
        Assert.DoesNotContain(Environment.ProcessId, parents);
        Assert.Equal(data.Select(d => d.Item2.ToUpperInvariant()), Sc.ObjectFile<(int, string)>(dir).Map(d => d.Item2).Pipe("tr a-z A-Z").Collect());

        var e = Assert.Throws<RddJobException>(() => Sc.Parallelize(Enumerable.Range(0, 4), 2).Pipe("echo broken >&2; exit 5").Collect());
        Assert.Contains("Subprocess exited with status 5", e.TaskExceptionMessage);
        Assert.Contains("broken", e.TaskExceptionMessage);
    }
}
