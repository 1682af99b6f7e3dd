namespace ActorNet.Cluster.Tests;

/// <summary><c>actornet submit --master local-cluster[2] App.dll</c> runs an application end to end.</summary>
[Collection(RddClusterCollection.Name)]
public sealed class RddSubmitTests
{
    [Fact]
    public async Task Submit_runs_the_applications_entry_point_as_the_driver_on_the_master_it_is_given()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "RddSubmitApp.dll");
        var result = await ActornetCommand.RunAsync(TimeSpan.FromMinutes(3), "submit", "--master", "local-cluster[2]", app);
        Assert.True(result.ExitCode == 0, $"submit exited with {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("master local-cluster[2] executors 4", lines);
        var counts = lines.Where(l => l.StartsWith("count ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToDictionary(p => p[1], p => int.Parse(p[2]));
        var expected = new[] { "to be or not to be", "that is the question", "to see or not to see" }
            .SelectMany(l => l.Split(' ')).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected, counts);
    }
}
