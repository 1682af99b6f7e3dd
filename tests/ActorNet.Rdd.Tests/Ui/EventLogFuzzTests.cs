using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ActorNet.ControlPlane;
using ActorNet.Gpu.Tests.Fuzz;
using ActorNet.Rdd.Events;
using ActorNet.Rdd.Ui;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Tests.Ui;

/// <summary>
/// The history server on damaged event logs (issue 19: every file format has a fuzz test): a real run's log, truncated,
/// with bits flipped and 32-bit lies written over it (<see cref="FormatFuzzer"/>), and with each field of each kind of
/// event replaced by a lie (null, a wrong type, huge or negative numbers). Every mutant is either listed as unreadable
/// with the reason, or served without the lines it cannot use, each skipped with a warning naming the file and the
/// line; the server never throws, and every REST resource of what it serves still serializes.
/// </summary>
public sealed class EventLogFuzzTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"actornet-eventlog-fuzz-{Guid.NewGuid():N}");

    public EventLogFuzzTests() => Directory.CreateDirectory(_dir);

    // A real local run that writes every kind of event: jobs, stages and tasks (one failed), a shuffle, a cached RDD
    // dropped again, the training events, and the members a cluster driver would log.
    private byte[] RealLog()
    {
        var logs = Path.Combine(_dir, "logs");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:ui:enabled"] = "false", ["actornet:event-log:enabled"] = "true", ["actornet:event-log:dir"] = logs,
        }).Build();
        string appId;
        using (var context = new ClusterContext("local[2,1]", "fuzzed-app", config))
        {
            appId = context.AppId;
            var cached = context.Parallelize(Enumerable.Range(0, 40), 4).Map(x => (x % 3, x)).Cache();
            Assert.Equal(3, cached.ReduceByKey((a, b) => a + b).Count());
            cached.Unpersist();
            Assert.ThrowsAny<Exception>(() => context.Parallelize(Enumerable.Range(0, 2), 2).Map(x => x == 1 ? throw new InvalidOperationException("fuzzed failure") : x).Collect());
            context.PostEvent(new TrainingStarted(context.EventTime, "sync", 2, 5, 0.01, 32, 3));
            context.PostEvent(new TrainingRoundEnded(context.EventTime, 1, 1.5, 0.7, 0.25, 120, 2));
            context.PostEvent(new TrainingRecovered(context.EventTime, 2, 1, "a worker was lost"));
            context.PostEvent(new TrainingCheckpointWritten(context.EventTime, 2, "/tmp/checkpoint"));
            context.PostEvent(new ClusterMembersUpdated(context.EventTime, [new MemberInfo("akka.tcp://actornet@127.0.0.1:1", ["worker"], "Up", true)]));
        }
        var bytes = File.ReadAllBytes(Path.Combine(logs, appId + ".jsonl"));
        Directory.Delete(logs, recursive: true);
        return bytes;
    }

    private sealed record Outcome(bool Served, int Skipped);

    // Serves the folder holding only the mutant, as `actornet history` would, and reads everything it serves.
    private Outcome Serve(string path)
    {
        var warnings = new StringWriter();
        var server = new HistoryServer(Path.GetDirectoryName(path)!, warnings);
        var apps = server.Applications();
        var unreadable = server.Unreadable();
        var name = Path.GetFileName(path);
        Assert.Equal(1, apps.Count + unreadable.Count);
        if (unreadable.Count == 1) Assert.Matches($"^{Regex.Escape(name)}: .+", unreadable[0]);
        foreach (var app in apps)
        {
            var store = app.Store;
            foreach (var resource in new object[] { app.Application(), store.Jobs(), store.Stages(), app.Executors(), app.Storage(), app.Members(), app.Environment(), store.Training() })
                JsonSerializer.Serialize(resource, RestApi.Json);
        }
        var lines = warnings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches($@"^actornet history: warning: {Regex.Escape(path)}(:\d+: .+; skipped it|: \d+ more lines skipped)$", l));
        return new Outcome(apps.Count == 1, lines.Length);
    }

    [Fact]
    public void Truncated_flipped_and_overwritten_logs_are_listed_as_unreadable_or_served_without_their_bad_lines()
    {
        var valid = RealLog();
        var path = Path.Combine(_dir, "app.jsonl");
        File.WriteAllBytes(path, valid);
        Assert.Equal(new Outcome(true, 0), Serve(path));

        var outcomes = new List<Outcome>();
        new FormatFuzzer(_dir).Run("app.jsonl", valid, p => outcomes.Add(Serve(p)), _ => false, cases: 600);
        // The mutants did each kind of damage: whole files refused, and lines skipped from files still served.
        Assert.Contains(outcomes, o => !o.Served);
        Assert.Contains(outcomes, o => o.Served && o.Skipped > 0);
    }

    [Fact]
    public void Every_field_of_every_kind_of_event_can_lie_without_harm()
    {
        var lines = System.Text.Encoding.UTF8.GetString(RealLog()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // One line of each kind of event, with its index in the file.
        var samples = lines.Select((line, index) => (Node: JsonNode.Parse(line)!.AsObject(), Index: index))
            .GroupBy(s => s.Node["Event"]!.GetValue<string>()).Select(g => g.First()).ToList();
        Assert.True(samples.Count >= 18, $"only {samples.Count} kinds of events in the log: {string.Join(", ", samples.Select(s => s.Node["Event"]))}");
        JsonNode?[] Lies() => [null, JsonValue.Create(-1), JsonValue.Create(int.MaxValue), JsonValue.Create(long.MaxValue), JsonValue.Create(-1e308),
            JsonValue.Create("lie"), new JsonArray(), new JsonArray((JsonNode?)null), new JsonObject(), JsonValue.Create(true)];
        var path = Path.Combine(_dir, "lying.jsonl");
        int cases = 0, skipped = 0;
        foreach (var (node, index) in samples)
        {
            foreach (var field in node.Select(p => p.Key).Where(k => k != "Event").ToArray())
            {
                foreach (var lie in Lies())
                {
                    var mutant = node.DeepClone().AsObject();
                    mutant[field] = lie;
                    var copy = (string[])lines.Clone();
                    copy[index] = mutant.ToJsonString();
                    File.WriteAllText(path, string.Join('\n', copy) + "\n");
                    var outcome = Serve(path);
                    // Only the first line decides whether the file is a log; a lie anywhere else costs at most its line.
                    Assert.True(outcome.Served || index == 0, $"{node["Event"]}.{field} = {lie?.ToJsonString() ?? "null"} on line {index + 1} made the file unreadable");
                    Assert.True(outcome.Skipped <= 1);
                    skipped += outcome.Skipped;
                    cases++;
                }
            }
        }
        Assert.True(skipped > cases / 3, $"{skipped} of {cases} lies were noticed");
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
