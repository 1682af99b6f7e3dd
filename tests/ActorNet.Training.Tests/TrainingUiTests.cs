using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ActorNet.Rdd;
using ActorNet.Rdd.Events;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Training.Tests;

/// <summary>Training rounds reach the driver's UI (REST /training, the Training page's data, /metrics) as listener events.</summary>
public sealed class TrainingUiTests
{
    private sealed class Recorder : IClusterListener
    {
        private readonly List<ListenerEvent> _events = [];

        public void OnEvent(ListenerEvent e)
        {
            lock (_events) _events.Add(e);
        }

        public List<T> Of<T>()
        {
            lock (_events) return [.. _events.OfType<T>()];
        }
    }

    [Fact]
    public async Task Every_round_reaches_the_rest_api_and_the_metrics()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:ui:enabled"] = "true", ["actornet:ui:port"] = "0",
        }).Build();
        using var context = new ClusterContext("local[2]", "training-ui", config);
        var recorder = new Recorder();
        context.AddListener(recorder);
        using var http = new HttpClient { BaseAddress = new Uri(context.UiWebUrl!) };
        var train = context.Parallelize(TinyNet.Samples(120), numSlices: 2);
        var test = context.Parallelize(TinyNet.Samples(40, seed: 99), numSlices: 2);
        new DistributedTrainer(context, TinyNet.Solver()).WithWorkers(2).WithMode(TrainingMode.ModelAveraging(syncInterval: 3)).WithTestEvery(2)
            .Fit(train, test, rounds: 3);

        var path = $"/api/v1/applications/{context.AppId}/training";
        JsonElement rounds;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        do
        {
            rounds = (await http.GetFromJsonAsync<JsonElement>(path))!;
            if (rounds.GetArrayLength() == 3) break;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Equal([1, 2, 3], rounds.EnumerateArray().Select(r => r.GetProperty("round").GetInt32()));
        Assert.All(rounds.EnumerateArray(), r =>
        {
            Assert.Equal(2, r.GetProperty("workers").GetInt32());
            Assert.True(r.GetProperty("imagesPerSecond").GetDouble() > 0);
            Assert.True(double.IsFinite(r.GetProperty("loss").GetDouble()));
            Assert.True(r.GetProperty("seconds").GetDouble() > 0);
        });
        // Tested after rounds 2 and 3 (the last), as a fraction; not tested after round 1.
        Assert.Equal(JsonValueKind.Null, rounds[0].GetProperty("testAccuracy").ValueKind);
        Assert.InRange(rounds[2].GetProperty("testAccuracy").GetDouble(), 0, 1);

        var summary = (await http.GetFromJsonAsync<JsonElement>(path + "/summary"))!;
        var run = summary.GetProperty("run");
        Assert.Equal(2, run.GetProperty("workers").GetInt32());
        Assert.Equal(3, run.GetProperty("stepsPerRound").GetInt32());
        Assert.Contains("model averaging", run.GetProperty("mode").GetString());

        var metrics = await http.GetStringAsync("/metrics");
        string Line(string name) => metrics.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        Assert.Equal("actornet_training_round 3", Line("actornet_training_round"));
        Assert.Equal(rounds[2].GetProperty("testAccuracy").GetDouble(), double.Parse(Line("actornet_training_test_accuracy").Split(' ')[1], CultureInfo.InvariantCulture), 6);
        Assert.Contains("actornet_training_loss ", metrics);
        Assert.Contains("actornet_training_images_per_second ", metrics);

        // An application's own listener sees the same events.
        Assert.Equal(3, recorder.Of<TrainingRoundEnded>().Count);
        Assert.Single(recorder.Of<TrainingStarted>());
    }
}
