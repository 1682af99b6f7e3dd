using System.Diagnostics.Metrics;
using ActorNet.ControlPlane;
using ActorNet.Rdd.Ui;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// A seed's or worker's <c>/metrics</c> (Prometheus text), served when <c>actornet.metrics.port</c> is set: the cluster's
/// members by status as this node sees them, the tasks its executors ran (all applications), and the process's memory
/// (RSS, GC heap), threads and CPU time (<see cref="ProcessMetrics"/>).
/// </summary>
internal sealed class NodeMetricsEndpoint : IAsyncDisposable
{
    public const string PortKey = "actornet:metrics:port";
    public const string HostKey = "actornet:metrics:host";

    private readonly Meter _meter = new("ActorNet.Node");
    private WebApplication? _app;

    private NodeMetricsEndpoint(ActorSystem system)
    {
        var counters = NodeTaskCounters.Get(system);
        _meter.CreateObservableCounter("actornet.tasks.completed", () => counters.Completed, description: "Task attempts this node's executors finished.");
        _meter.CreateObservableCounter("actornet.tasks.failed", () => counters.Failed, description: "Task attempts that failed on this node's executors.");
        _meter.CreateObservableCounter("actornet.shuffle.bytes.written", () => counters.ShuffleBytesWritten, description: "Bytes of shuffle output written on this node.");
        _meter.CreateObservableCounter("actornet.shuffle.bytes.read", () => counters.ShuffleBytesRead, description: "Bytes of map output this node's tasks fetched.");
        _meter.CreateObservableGauge("actornet.cluster.members", () => DriverMetrics.MembersByStatus(
            [.. MemberInfo.From(Akka.Cluster.Cluster.Get(system).State).Select(m => new ClusterMember(m.Address, m.Roles, m.Status, m.Reachable))]),
            description: "Members of the cluster as this node sees them, by status.");
        ProcessMetrics.AddTo(_meter);
    }

    /// <summary>The bound port.</summary>
    public int Port { get; private set; }

    /// <summary>Starts the endpoint when the configuration sets a metrics port; null otherwise.</summary>
    public static async Task<NodeMetricsEndpoint?> StartIfConfiguredAsync(IConfiguration configuration, ActorSystem system)
    {
        if (UiSettings.PortSetting(configuration, PortKey) is not { } port) return null;
        var host = configuration[HostKey] is { Length: > 0 } h ? UiSettings.Address(h, HostKey) : System.Net.IPAddress.Loopback;
        var endpoint = new NodeMetricsEndpoint(system);
        var text = new PrometheusText(endpoint._meter);
        try
        {
            (endpoint._app, endpoint.Port) = await HttpEndpoint.StartAsync(host, port, app =>
                app.MapGet("/metrics", () => Results.Text(text.Scrape(), PrometheusText.ContentType)), retry: false).ConfigureAwait(false);
        }
        catch
        {
            endpoint._meter.Dispose();
            throw;
        }
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        _meter.Dispose();
    }
}
