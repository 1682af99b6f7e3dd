using System.Net.Http.Json;
using System.Text.Json;
using ActorNet.Rdd;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Cluster.Tests;

/// <summary>The driver's UI on local-cluster[2]: both workers' executors and every member, from Akka.Cluster's state.</summary>
[Collection(RddClusterCollection.Name)]
public sealed class LocalClusterUiTests
{
    [Fact]
    public async Task Executors_and_members_of_a_local_cluster_reach_the_rest_api_and_metrics()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:ui:enabled"] = "true", ["actornet:ui:port"] = "0",
        }).Build();
        using var context = new ClusterContext("local-cluster[2]", "ui-local-cluster", config);
        using var http = new HttpClient { BaseAddress = new Uri(context.UiWebUrl!) };
        Assert.Equal(40, context.Parallelize(Enumerable.Range(0, 40), 4).Map(x => (x % 4, 1)).ReduceByKey((a, b) => a + b).Values().Sum());

        var api = $"/api/v1/applications/{context.AppId}";
        JsonElement executors = default;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            executors = (await http.GetFromJsonAsync<JsonElement>(api + "/executors"))!;
            if (executors.EnumerateArray().Sum(e => e.GetProperty("completedTasks").GetInt32()) >= 8) break;
            await Task.Delay(50);
        }
        Assert.Equal(2, executors.GetArrayLength());
        Assert.All(executors.EnumerateArray(), e =>
        {
            Assert.True(e.GetProperty("isActive").GetBoolean());
            Assert.Equal(2, e.GetProperty("totalCores").GetInt32());
        });
        Assert.Equal(2, executors.EnumerateArray().Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(8, executors.EnumerateArray().Sum(e => e.GetProperty("completedTasks").GetInt32()));

        // The seed, the two workers and this driver, all Up once the driver has seen gossip about each (a member it has
        // just heard of may still show Joining).
        JsonElement members = default;
        string metrics = "";
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            members = (await http.GetFromJsonAsync<JsonElement>(api + "/cluster"))!;
            metrics = await http.GetStringAsync("/metrics");
            if (members.GetArrayLength() == 4 && members.EnumerateArray().All(m => m.GetProperty("status").GetString() == "Up")
                && metrics.Contains("actornet_cluster_members{status=\"up\"} 4", StringComparison.Ordinal)) break;
            await Task.Delay(100);
        }
        Assert.Equal(4, members.GetArrayLength());
        Assert.All(members.EnumerateArray(), m => Assert.Equal("Up", m.GetProperty("status").GetString()));
        Assert.Equal(2, members.EnumerateArray().Count(m => m.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "worker")));
        Assert.Contains("actornet_cluster_members{status=\"up\"} 4", metrics);
        Assert.Contains("actornet_tasks_completed_total 8", metrics);
    }

    [Fact]
    public async Task Submit_prints_the_ui_address_on_standard_error()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "RddSubmitApp.dll");
        var result = await ActornetCommand.RunAsync(TimeSpan.FromMinutes(2), "submit", "--master", "local[2]",
            "--conf", "actornet.ui.enabled=true", "--conf", "actornet.ui.port=0", app);
        Assert.True(result.ExitCode == 0, $"submit exited with {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        Assert.Matches(@"(?m)^ui: http://127\.0\.0\.1:\d+\s*$", result.Stderr);
        Assert.DoesNotContain("ui:", result.Stdout);
    }
}
