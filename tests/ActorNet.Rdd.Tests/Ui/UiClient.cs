using System.Net.Http.Json;
using System.Text.Json;
using ActorNet.Rdd;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Tests.Ui;

/// <summary>A context with its UI on (port 0 unless told), and an HTTP client for its pages, REST API and /metrics.</summary>
internal sealed class UiClient : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public UiClient(string master, string appName = "ui-test", IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["actornet:ui:enabled"] = "true", ["actornet:ui:port"] = "0" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        Context = new ClusterContext(master, appName, new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        Http = new HttpClient { BaseAddress = new Uri(Context.UiWebUrl ?? throw new InvalidOperationException("the UI did not start")), Timeout = TimeSpan.FromSeconds(30) };
    }

    public ClusterContext Context { get; }

    public HttpClient Http { get; }

    public string Api(string path) => $"/api/v1/applications/{Context.AppId}{path}";

    public async Task<JsonElement> GetJson(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="done"/> holds (the UI learns from the listener bus, asynchronously).</summary>
    public async Task<JsonElement> WaitFor(string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var json = await GetJson(path);
            if (done(json)) return json;
            if (DateTime.UtcNow > deadline) Assert.Fail($"GET {path} never reached the expected state; last answer: {json}");
            await Task.Delay(50);
        }
    }

    public async Task<string> Metrics()
    {
        using var response = await Http.GetAsync("/metrics");
        Assert.True(response.IsSuccessStatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of one sample line of the Prometheus text (<c>name{labels} value</c>), or null.</summary>
    public static double? Sample(string metrics, string series) =>
        metrics.Split('\n').Where(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(l => (double?)double.Parse(l[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

    public void Dispose()
    {
        Http.Dispose();
        Context.Dispose();
    }
}
