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
            // The process's own resources (what bench/soak.sh reads of a worker): a .NET node has tens of MB of each.
            Assert.True(Gauge(text, "process_managed_heap_bytes") > 1 << 20, text);
            Assert.True(Gauge(text, "process_resident_memory_bytes") > 10 << 20, text);
            Assert.True(Gauge(text, "process_managed_heap_committed_bytes") >= Gauge(text, "process_managed_heap_bytes"), text);
            Assert.True(Gauge(text, "process_assembly_load_contexts") >= 1, text);
            Assert.True(Gauge(text, "process_threads") >= 4, text);
            Assert.True(Gauge(text, "process_cpu_seconds_total") > 0, text);
            Assert.Contains("# TYPE process_managed_heap_bytes gauge", text);
            Assert.Matches(@"(?m)^dotnet_gc_collections_total\{generation=""0""\} \d+$", text);
        }
        Assert.NotEqual(seedMetrics.Port, workerMetrics.Port);
    }

    private static double Gauge(string text, string name)
    {
        var match = Regex.Match(text, $@"(?m)^{name} (\S+)$");
        Assert.True(match.Success, $"no {name} in:\n{text}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
    }
}
