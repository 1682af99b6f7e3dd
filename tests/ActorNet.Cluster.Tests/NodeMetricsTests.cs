using System.Text.RegularExpressions;

namespace ActorNet.Cluster.Tests;

/// <summary><c>actornet seed</c> and <c>actornet worker</c> serve /metrics when <c>actornet.metrics.port</c> is set.</summary>
[Collection(RddClusterCollection.Name)]
public sealed partial class NodeMetricsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<NodeProcess> _nodes = [];

    [GeneratedRegex(@"metrics on (?<url>http://127\.0\.0\.1:\d+)/metrics")]
    private static partial Regex MetricsLine();

    private async Task<(NodeProcess Node, Uri Metrics)> Start(params string[] args)
    {
        var node = await NodeProcess.StartNodeAsync(Patience, [.. args, "--port", "0", "--set", "actornet.metrics.port=0"]);
        _nodes.Add(node);
        var line = await node.WaitForLineAsync(l => MetricsLine().IsMatch(l), Patience);
        return (node, new Uri(MetricsLine().Match(line).Groups["url"].Value + "/metrics"));
    }

    [Fact]
    public async Task A_seed_and_a_worker_serve_their_view_of_the_members_and_their_task_counts()
    {
        var (seed, seedMetrics) = await Start("seed");
        var (_, workerMetrics) = await Start("worker", "--seed", seed.HostPort, "--cores", "1");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var url in new[] { seedMetrics, workerMetrics })
        {
            string text = "";
            var deadline = DateTime.UtcNow + Patience;
            while (DateTime.UtcNow < deadline)
            {
                text = await http.GetStringAsync(url);
                if (text.Contains("actornet_cluster_members{status=\"up\"} 2", StringComparison.Ordinal)) break;
                await Task.Delay(100);
            }
            Assert.Contains("actornet_cluster_members{status=\"up\"} 2", text);
            Assert.Contains("# TYPE actornet_tasks_completed_total counter", text);
            Assert.Contains("actornet_tasks_completed_total 0", text);
        }
        Assert.NotEqual(seedMetrics.Port, workerMetrics.Port);
    }

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
    }
}
