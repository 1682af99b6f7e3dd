using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorNet.Rdd;
using ActorNet.Rdd.Events;
using ActorNet.Rdd.Ui;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Tests.Ui;

/// <summary>The event log a real run writes, and the history server serving it (whole, truncated, beside a file that is no log).</summary>
public sealed class EventLogHistoryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"actornet-eventlog-{Guid.NewGuid():N}");

    private (string AppId, string Path) RunApplication()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:ui:enabled"] = "false", ["actornet:event-log:enabled"] = "true", ["actornet:event-log:dir"] = _dir,
        }).Build();
        string appId;
        using (var context = new ClusterContext("local[2,1]", "logged-app", config))
        {
            appId = context.AppId;
            Assert.EndsWith(".jsonl.inprogress", context.EventLogPath);
            Assert.Equal(10, context.Parallelize(Enumerable.Range(0, 10), 2).Map(x => (x % 2, x)).GroupByKey().Count() * 5);
            Assert.ThrowsAny<Exception>(() => context.Parallelize(Enumerable.Range(0, 2), 2).Map(x => x == 1 ? throw new InvalidOperationException("logged failure") : x).Collect());
            context.PostEvent(new TrainingRoundEnded(context.EventTime, 1, 1.5, 0.7, 0.25, 120, 2));
        }
        var path = Path.Combine(_dir, appId + ".jsonl");
        Assert.True(File.Exists(path), $"no {path}");
        return (appId, path);
    }

    private async Task<(HttpClient Http, CancellationTokenSource Stop, Task Run, StringWriter Errors)> StartHistory()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var stop = new CancellationTokenSource();
        var server = new HistoryServer(_dir, TextWriter.Synchronized(errors));
        var synchronizedOutput = TextWriter.Synchronized(output);
        var run = Task.Run(() => server.RunAsync(IPAddress.Loopback, 0, synchronizedOutput, stop.Token));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string? line;
        while ((line = output.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("history: ", StringComparison.Ordinal))) is null)
        {
            if (run.IsFaulted) await run;
            Assert.True(DateTime.UtcNow < deadline, "the history server printed no address");
            await Task.Delay(20);
        }
        return (new HttpClient { BaseAddress = new Uri(line["history: ".Length..].Trim()) }, stop, run, errors);
    }

    [Fact]
    public async Task A_real_runs_log_is_served_with_its_jobs_failure_and_training_rounds()
    {
        var (appId, path) = RunApplication();
        var first = JsonDocument.Parse(File.ReadLines(path).First()).RootElement;
        Assert.Equal("ApplicationStarted", first.GetProperty("Event").GetString());
        Assert.Contains(File.ReadLines(path), l => l.Contains("\"Event\":\"TaskEnded\"", StringComparison.Ordinal));

        var (http, stop, run, _) = await StartHistory();
        using (http)
        using (stop)
        {
            var app = Assert.Single((await http.GetFromJsonAsync<JsonElement>("/api/v1/applications")).EnumerateArray());
            Assert.Equal(appId, app.GetProperty("id").GetString());
            Assert.Equal("logged-app", app.GetProperty("name").GetString());
            Assert.True(app.GetProperty("attempts")[0].GetProperty("completed").GetBoolean());

            var jobs = await http.GetFromJsonAsync<JsonElement>($"/api/v1/applications/{appId}/jobs");
            Assert.Equal(["FAILED", "SUCCEEDED"], jobs.EnumerateArray().Select(j => j.GetProperty("status").GetString()));
            Assert.Contains("logged failure", jobs[0].GetProperty("failureReason").GetString());
            var rounds = await http.GetFromJsonAsync<JsonElement>($"/api/v1/applications/{appId}/training");
            Assert.Equal(0.25, Assert.Single(rounds.EnumerateArray()).GetProperty("testAccuracy").GetDouble());
            var env = await http.GetFromJsonAsync<JsonElement>($"/api/v1/applications/{appId}/environment");
            Assert.Equal("local[2,1]", env.GetProperty("runtime").GetProperty("master").GetString());

            Assert.Contains($"href=\"/history/{appId}/\"", await http.GetStringAsync("/"));
            var page = await http.GetStringAsync($"/history/{appId}/jobs/");
            Assert.Contains($"href=\"/history/{appId}/stages/\"", page);
            Assert.Contains($"data-app=\"{appId}\"", page);
            stop.Cancel();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_truncated_log_is_served_without_its_last_line_and_a_stray_file_is_listed_as_unreadable()
    {
        var (appId, path) = RunApplication();
        // A driver killed mid-write: drop the last event (ApplicationEnded) and cut the one before it in half.
        var lines = File.ReadAllLines(path);
        var cut = lines[^2][..(lines[^2].Length / 2)];
        File.WriteAllText(path, string.Join('\n', lines[..^2]) + "\n" + cut);
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "not an event log\n");

        var (http, stop, run, errors) = await StartHistory();
        using (http)
        using (stop)
        {
            var app = Assert.Single((await http.GetFromJsonAsync<JsonElement>("/api/v1/applications")).EnumerateArray());
            Assert.Equal(appId, app.GetProperty("id").GetString());
            Assert.False(app.GetProperty("attempts")[0].GetProperty("completed").GetBoolean());
            Assert.Equal(2, (await http.GetFromJsonAsync<JsonElement>($"/api/v1/applications/{appId}/jobs")).GetArrayLength());
            var index = await http.GetStringAsync("/");
            Assert.Contains("id=\"unreadable\"", index);
            Assert.Contains("notes.txt: line 1 is not an ActorNet event", index);
            Assert.Contains("the last line is incomplete", errors.ToString());
            stop.Cancel();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
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
