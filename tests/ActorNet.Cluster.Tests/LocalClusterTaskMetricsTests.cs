using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorNet.Rdd;
using ActorNet.Rdd.Ui;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// Task metrics from the executors of a real local-cluster[2]: each worker's shuffle reads and writes reach the driver
/// with the task ends, add up per executor and per stage to what the map outputs hold, and survive in the event log,
/// whose history view also has the cached blocks and the cluster's members.
/// </summary>
[Collection(RddClusterCollection.Name)]
public sealed class LocalClusterTaskMetricsTests : IDisposable
{
    private const int Records = 40_000;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"actornet-metrics-log-{Guid.NewGuid():N}");

    [Fact]
    public async Task Shuffle_bytes_per_executor_and_stage_add_up_live_and_in_the_history_server()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:ui:enabled"] = "true", ["actornet:ui:port"] = "0",
            ["actornet:event-log:enabled"] = "true", ["actornet:event-log:dir"] = _dir,
        }).Build();
        string appId;
        long mapOutputBytes;
        JsonElement liveExecutors;
        using (var context = new ClusterContext("local-cluster[2]", "task-metrics", config))
        {
            appId = context.AppId;
            using var http = new HttpClient { BaseAddress = new Uri(context.UiWebUrl!) };
            var pairs = context.Parallelize(Enumerable.Range(0, Records), 8).Map(x => (x % 97, (long)x)).Cache();
            Assert.Equal(Records, pairs.Count());
            // Each reduce partition's groups are some 40 KB, over the Akka message's limit: these ends, with their
            // metrics, go on the driver's data plane, while the map tasks' small ends go in messages.
            var groups = pairs.GroupByKey(8).Collect();
            Assert.Equal(97, groups.Length);
            Assert.Equal(Enumerable.Range(0, Records).Sum(x => (long)x), groups.Sum(g => g.Item2.Sum()));
            // What the driver knows the map tasks wrote: every reduce partition's segment of every map output.
            var outputs = Assert.Single(Enumerable.Range(0, 16).Select(context.MapOutputTracker.Snapshot), s => s is not null)!;
            Assert.Equal(8, outputs.Length);
            mapOutputBytes = outputs.Sum(s => s!.PartitionSizes.Sum());
            Assert.True(mapOutputBytes > 0);

            var api = $"/api/v1/applications/{appId}";
            JsonElement stages = default;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                stages = await http.GetFromJsonAsync<JsonElement>(api + "/stages");
                if (stages.GetArrayLength() == 3 && stages.EnumerateArray().All(s => s.GetProperty("status").GetString() == "COMPLETE")
                    && stages.EnumerateArray().Sum(s => s.GetProperty("numCompleteTasks").GetInt32()) == 24) break;
                await Task.Delay(50);
            }
            AssertStagesAddUp(stages, mapOutputBytes);
            liveExecutors = await http.GetFromJsonAsync<JsonElement>(api + "/executors");
            AssertExecutorsAddUp(liveExecutors, mapOutputBytes);
            // Every partition cached somewhere; a task that ran away from its block (locality wait over) caches a second copy.
            Assert.True(liveExecutors.EnumerateArray().Sum(e => e.GetProperty("rddBlocks").GetInt32()) >= 8);
            var metrics = await http.GetStringAsync("/metrics");
            Assert.Contains($"actornet_shuffle_bytes_read_total {mapOutputBytes}", metrics);
        }

        var logPath = Path.Combine(_dir, appId + ".jsonl");
        Assert.True(File.Exists(logPath), $"no {logPath}");
        var errors = new StringWriter();
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var synchronizedOutput = TextWriter.Synchronized(output);
        var server = new HistoryServer(_dir, TextWriter.Synchronized(errors));
        var run = Task.Run(() => server.RunAsync(IPAddress.Loopback, 0, synchronizedOutput, stop.Token));
        using var history = new HttpClient { BaseAddress = new Uri(await HistoryAddress(output, run)) };
        var logged = $"/api/v1/applications/{appId}";

        AssertStagesAddUp(await history.GetFromJsonAsync<JsonElement>(logged + "/stages"), mapOutputBytes);
        var executors = await history.GetFromJsonAsync<JsonElement>(logged + "/allexecutors");
        AssertExecutorsAddUp(executors, mapOutputBytes);
        foreach (var live in liveExecutors.EnumerateArray())
        {
            var replayed = executors.EnumerateArray().Single(e => e.GetProperty("id").GetString() == live.GetProperty("id").GetString());
            foreach (var field in new[] { "totalShuffleRead", "totalShuffleWrite", "totalDuration", "completedTasks", "rddBlocks", "memoryUsed" })
                Assert.Equal(live.GetProperty(field).GetInt64(), replayed.GetProperty(field).GetInt64());
        }

        var rdd = Assert.Single((await history.GetFromJsonAsync<JsonElement>(logged + "/storage/rdd")).EnumerateArray());
        Assert.Equal(8, rdd.GetProperty("numPartitions").GetInt32());
        Assert.Equal(8, rdd.GetProperty("numCachedPartitions").GetInt32());
        Assert.True(rdd.GetProperty("memoryUsed").GetInt64() > 0);
        Assert.Contains("Memory", rdd.GetProperty("storageLevel").GetString());

        var members = await history.GetFromJsonAsync<JsonElement>(logged + "/cluster");
        Assert.Equal(4, members.GetArrayLength());
        // The seed, the two workers (which ran tasks, so were Up) and the driver (a short run may end before it sees itself Up).
        var workers = members.EnumerateArray().Where(m => m.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "worker")).ToArray();
        Assert.Equal(2, workers.Length);
        Assert.All(workers, m => Assert.Equal("Up", m.GetProperty("status").GetString()));
        Assert.Single(members.EnumerateArray(), m => m.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "driver"));
        Assert.Equal("", errors.ToString());
        stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    // The map stage wrote what the map outputs hold, and the reduce stage read all of it, record for record.
    private static void AssertStagesAddUp(JsonElement stages, long mapOutputBytes)
    {
        var map = Assert.Single(stages.EnumerateArray(), s => s.GetProperty("isShuffleMap").GetBoolean());
        var reduce = stages.EnumerateArray().Single(s => s.GetProperty("shuffleReadBytes").GetInt64() > 0);
        Assert.Equal(mapOutputBytes, map.GetProperty("shuffleWriteBytes").GetInt64());
        Assert.Equal(mapOutputBytes, reduce.GetProperty("shuffleReadBytes").GetInt64());
        Assert.Equal(map.GetProperty("shuffleWriteRecords").GetInt64(), reduce.GetProperty("shuffleReadRecords").GetInt64());
        Assert.Equal(Records, map.GetProperty("shuffleWriteRecords").GetInt64());
        Assert.Equal(mapOutputBytes, stages.EnumerateArray().Sum(s => s.GetProperty("shuffleReadBytes").GetInt64()));
        Assert.All(stages.EnumerateArray(), s => Assert.True(s.GetProperty("executorRunTime").GetInt64() >= 0));
    }

    // Both workers fetched map output, and between them exactly what was written.
    private static void AssertExecutorsAddUp(JsonElement executors, long mapOutputBytes)
    {
        Assert.Equal(2, executors.GetArrayLength());
        Assert.All(executors.EnumerateArray(), e => Assert.True(e.GetProperty("totalShuffleRead").GetInt64() > 0, $"executor {e.GetProperty("id")} read no shuffle bytes"));
        Assert.Equal(mapOutputBytes, executors.EnumerateArray().Sum(e => e.GetProperty("totalShuffleRead").GetInt64()));
        Assert.Equal(mapOutputBytes, executors.EnumerateArray().Sum(e => e.GetProperty("totalShuffleWrite").GetInt64()));
    }

    private static async Task<string> HistoryAddress(StringWriter output, Task run)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string? line;
        while ((line = output.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("history: ", StringComparison.Ordinal))) is null)
        {
            if (run.IsFaulted) await run;
            Assert.True(DateTime.UtcNow < deadline, "the history server printed no address");
            await Task.Delay(20);
        }
        return line["history: ".Length..].Trim();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }
}
