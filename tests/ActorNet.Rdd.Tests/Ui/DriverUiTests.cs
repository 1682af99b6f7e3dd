using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ActorNet.Rdd;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Tests.Ui;

/// <summary>The driver's UI, REST API and /metrics over HTTP, against real jobs in local mode.</summary>
public sealed class DriverUiTests
{
    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    [Fact]
    public async Task Rest_api_reports_a_shuffle_job_its_stages_and_the_executor_with_sparks_field_names()
    {
        using var ui = new UiClient("local[2]", "rest-app");
        var sums = ui.Context.Parallelize(Enumerable.Range(1, 100), 4).Map(x => (x % 3, x)).ReduceByKey((a, b) => a + b, 3).Collect();
        Assert.Equal(3, sums.Length);

        var apps = await ui.GetJson("/api/v1/applications");
        var app = Assert.Single(apps.EnumerateArray());
        Assert.Equal(ui.Context.AppId, app.GetProperty("id").GetString());
        Assert.Equal("rest-app", app.GetProperty("name").GetString());
        Assert.False(app.GetProperty("attempts")[0].GetProperty("completed").GetBoolean());
        Assert.True(app.GetProperty("attempts")[0].TryGetProperty("startTime", out _));

        var jobs = await ui.WaitFor(ui.Api("/jobs"), j => j.GetArrayLength() == 1 && j[0].GetProperty("status").GetString() == "SUCCEEDED");
        var job = jobs[0];
        Assert.Equal(0, job.GetProperty("jobId").GetInt32());
        Assert.Equal(2, Ints(job.GetProperty("stageIds")).Length);
        Assert.Equal(7, job.GetProperty("numTasks").GetInt32()); // 4 map tasks, 3 reduce tasks
        Assert.Equal(7, job.GetProperty("numCompletedTasks").GetInt32());
        Assert.Equal(0, job.GetProperty("numFailedTasks").GetInt32());
        Assert.True(job.TryGetProperty("submissionTime", out _) && job.GetProperty("completionTime").ValueKind == JsonValueKind.String);
        Assert.Contains("ShuffledRdd", job.GetProperty("lineage").GetString());

        var stages = await ui.WaitFor(ui.Api("/stages"), s => s.GetArrayLength() == 2 && s.EnumerateArray().All(x => x.GetProperty("status").GetString() == "COMPLETE"));
        var map = stages.EnumerateArray().Single(s => s.GetProperty("isShuffleMap").GetBoolean());
        Assert.Equal(4, map.GetProperty("numCompleteTasks").GetInt32());
        var written = map.GetProperty("shuffleWriteBytes").GetInt64();
        Assert.True(written > 0);
        // Task metrics: the reduce stage read every byte and record the map stage wrote (12 records: 3 keys from each of 4 map tasks).
        var reduce = stages.EnumerateArray().Single(s => !s.GetProperty("isShuffleMap").GetBoolean());
        Assert.Equal(written, reduce.GetProperty("shuffleReadBytes").GetInt64());
        Assert.Equal(12, map.GetProperty("shuffleWriteRecords").GetInt64());
        Assert.Equal(12, reduce.GetProperty("shuffleReadRecords").GetInt64());
        Assert.Equal(0, map.GetProperty("shuffleReadBytes").GetInt64());
        Assert.True(map.GetProperty("executorRunTime").GetInt64() >= 0);

        var executor = Assert.Single((await ui.GetJson(ui.Api("/executors"))).EnumerateArray());
        Assert.Equal("driver", executor.GetProperty("id").GetString());
        Assert.True(executor.GetProperty("isActive").GetBoolean());
        Assert.Equal(2, executor.GetProperty("totalCores").GetInt32());
        Assert.Equal(7, executor.GetProperty("completedTasks").GetInt32());
        Assert.Equal(0, executor.GetProperty("activeTasks").GetInt32());
        Assert.Equal(written, executor.GetProperty("totalShuffleRead").GetInt64());
        Assert.Equal(written, executor.GetProperty("totalShuffleWrite").GetInt64());
        Assert.True(executor.GetProperty("totalDuration").GetInt64() >= 0);

        var metrics = await ui.Metrics();
        Assert.Contains("# TYPE actornet_tasks_completed_total counter", metrics);
        Assert.Equal(7, UiClient.Sample(metrics, "actornet_tasks_completed_total"));
        Assert.Equal(0, UiClient.Sample(metrics, "actornet_tasks_failed_total"));
        Assert.True(UiClient.Sample(metrics, "actornet_shuffle_bytes_written_total") > 0);
        Assert.Equal<double?>(written, UiClient.Sample(metrics, "actornet_shuffle_bytes_read_total"));
        Assert.True(UiClient.Sample(metrics, "process_managed_heap_bytes") > 0);

        using var missing = await ui.Http.GetAsync("/api/v1/applications/no-such-app/jobs");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_failed_task_message_appears_on_its_stage_and_job()
    {
        using var ui = new UiClient("local[2,1]");
        var marker = $"boom-{Guid.NewGuid():N}";
        Assert.ThrowsAny<Exception>(() => ui.Context.Parallelize(Enumerable.Range(0, 4), 2).Map(x => x == 3 ? throw new InvalidOperationException(marker) : x).Collect());

        var jobs = await ui.WaitFor(ui.Api("/jobs"), j => j.GetArrayLength() == 1 && j[0].GetProperty("status").GetString() == "FAILED");
        Assert.Contains(marker, jobs[0].GetProperty("failureReason").GetString());
        var stage = (await ui.WaitFor(ui.Api("/stages?status=failed"), s => s.GetArrayLength() == 1))[0];
        Assert.Contains(stage.GetProperty("taskFailures").EnumerateArray(), f => f.GetString()!.Contains($"System.InvalidOperationException: {marker}", StringComparison.Ordinal));
        Assert.Equal(1, stage.GetProperty("numFailedTasks").GetInt32());
        Assert.Equal(1, UiClient.Sample(await ui.Metrics(), "actornet_tasks_failed_total"));
    }

    [Fact]
    public async Task Storage_lists_a_cached_rdd_with_its_cached_partitions_and_bytes()
    {
        using var ui = new UiClient("local[2]");
        var cached = ui.Context.Parallelize(Enumerable.Range(0, 3000), 3).Map(x => x * 2L).SetName("doubled").Cache();
        Assert.Equal(3000, cached.Count());
        var rdd = Assert.Single((await ui.GetJson(ui.Api("/storage/rdd"))).EnumerateArray());
        Assert.Equal(cached.Id, rdd.GetProperty("id").GetInt32());
        Assert.Contains("doubled", rdd.GetProperty("name").GetString());
        Assert.Equal(3, rdd.GetProperty("numCachedPartitions").GetInt32());
        Assert.True(rdd.GetProperty("memoryUsed").GetInt64() > 0);
        var executor = Assert.Single((await ui.GetJson(ui.Api("/executors"))).EnumerateArray());
        Assert.Equal(3, executor.GetProperty("rddBlocks").GetInt32());

        cached.Unpersist();
        Assert.Equal(0, (await ui.GetJson(ui.Api("/storage/rdd"))).GetArrayLength());
    }

    [Fact]
    public async Task Environment_shows_the_configuration_with_secrets_masked()
    {
        using var ui = new UiClient("local[1]", settings: new Dictionary<string, string?> { ["actornet:remote:secret"] = "hunter2-do-not-show", ["actornet:rdd:task:max-failures"] = "3" });
        var env = await ui.GetJson(ui.Api("/environment"));
        var properties = env.GetProperty("actornetProperties").EnumerateArray().ToDictionary(p => p[0].GetString()!, p => p[1].GetString());
        Assert.Equal("******", properties["actornet.remote.secret"]);
        Assert.Equal("3", properties["actornet.rdd.task.max-failures"]);
        Assert.DoesNotContain("hunter2", env.ToString());
        Assert.Equal("local[1]", env.GetProperty("runtime").GetProperty("master").GetString());
    }

    [Fact]
    public async Task Every_page_is_served_with_links_to_the_others_and_nothing_from_the_internet()
    {
        using var ui = new UiClient("local[1]");
        var root = await ui.Http.GetStringAsync("/");
        foreach (var (name, path) in new[] { ("Jobs", "/jobs/"), ("Stages", "/stages/"), ("Executors", "/executors/"), ("Storage", "/storage/"), ("Training", "/training/"), ("Environment", "/environment/") })
        {
            Assert.Contains($"<a href=\"{path}\"", root);
            Assert.Contains($">{name}</a>", root);
            var page = await ui.Http.GetStringAsync(path);
            Assert.Contains($"data-page=\"{path.Trim('/')}\"", page);
            Assert.DoesNotContain("src=\"http", page);
            Assert.DoesNotContain("href=\"http", page);
        }
        var script = await ui.Http.GetStringAsync("/static/ui.js");
        Assert.Contains("/api/v1/applications/", script);
        Assert.DoesNotContain("https://", script);
        Assert.Equal(HttpStatusCode.OK, (await ui.Http.GetAsync("/static/ui.css")).StatusCode);
    }

    [Fact]
    public async Task A_taken_port_moves_the_ui_to_a_free_one()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var ui = new UiClient("local[1]", settings: new Dictionary<string, string?> { ["actornet:ui:port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var bound = new Uri(ui.Context.UiWebUrl!).Port;
        Assert.NotEqual(port, bound);
        Assert.Equal("127.0.0.1", new Uri(ui.Context.UiWebUrl!).Host);
        Assert.Equal(ui.Context.AppId, (await ui.GetJson("/api/v1/applications"))[0].GetProperty("id").GetString());
    }

    [Fact]
    public void The_ui_is_off_when_disabled_and_a_bad_setting_is_named()
    {
        using var context = new ClusterContext("local[1]", "no-ui", new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["actornet:ui:enabled"] = "false" }).Build());
        Assert.Null(context.UiWebUrl);
        var e = Assert.Throws<ArgumentException>(() => new ClusterContext("local[1]", "bad-ui", new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["actornet:ui:port"] = "http" }).Build()));
        Assert.Contains("actornet:ui:port", e.Message);
    }

    [Fact]
    public async Task App_name_from_the_configuration_replaces_the_programs()
    {
        using var ui = new UiClient("local[1]", "given-by-program", new Dictionary<string, string?> { [ClusterContext.AppNameKey] = "given-by-submit" });
        Assert.Equal("given-by-submit", ui.Context.AppName);
        Assert.Equal("given-by-submit", (await ui.GetJson("/api/v1/applications"))[0].GetProperty("name").GetString());
    }
}
