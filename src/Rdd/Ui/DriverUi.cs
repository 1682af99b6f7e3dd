using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Ui;

/// <summary>
/// The driver's web UI (Spark's <c>SparkUI</c>): the pages, the REST API and <c>/metrics</c> on one Kestrel endpoint,
/// fed by the <see cref="AppStatusStore"/> on the context's listener bus. Read-only: every route is a GET.
/// </summary>
internal sealed class DriverUi : IUiData, IAsyncDisposable
{
    // Keys whose values the Environment page and API never show.
    private static readonly string[] SecretWords = ["secret", "password", "private-key", "token", "credential"];

    private readonly ClusterContext _context;
    private readonly DateTimeOffset _started;
    private WebApplication? _app;

    private DriverUi(ClusterContext context, AppStatusStore store, UiSettings settings, DateTimeOffset started)
    {
        _context = context;
        Store = store;
        RefreshMilliseconds = settings.RefreshMilliseconds;
        _started = started;
        Metrics = new DriverMetrics(store, Members);
    }

    public string AppId => _context.AppId;

    public AppStatusStore Store { get; }

    public int RefreshMilliseconds { get; }

    public DriverMetrics Metrics { get; }

    /// <summary>The UI's address, http://host:port.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Starts the UI on the configured port (or the next free one) and prints its address on <paramref name="log"/>.</summary>
    public static async Task<DriverUi> StartAsync(ClusterContext context, AppStatusStore store, UiSettings settings, DateTimeOffset started, TextWriter log)
    {
        var ui = new DriverUi(context, store, settings, started);
        // Off loopback only when actornet.ui.host says so: then the operator chose it, and the UI is read-only.
        try
        {
            var (app, port) = await HttpEndpoint.StartAsync(settings.Host, settings.Port, app =>
            {
                // Kestrel's own logging is off (the driver's standard error is the user's): a failing request says why here.
                app.Use(async (http, next) =>
                {
                    try
                    {
                        await next(http).ConfigureAwait(false);
                    }
                    catch (Exception e) when (!http.Response.HasStarted)
                    {
                        log.WriteLine($"actornet: ui: {http.Request.Method} {http.Request.Path} failed: {e}");
                        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    }
                });
                UiPages.MapLive(app, ui);
                RestApi.Map(app, new SingleApp(ui));
                app.MapGet("/metrics", () => Results.Text(ui.Metrics.Text.Scrape(), PrometheusText.ContentType));
            }).ConfigureAwait(false);
            ui._app = app;
            var host = settings.Host.Equals(IPAddress.Any) || settings.Host.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : settings.Host.ToString();
            ui.Url = $"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}";
        }
        catch
        {
            ui.Metrics.Dispose();
            throw;
        }
        log.WriteLine($"ui: {ui.Url}");
        return ui;
    }

    public ApplicationInfo Application()
    {
        var end = Store.EndTime;
        var now = DateTimeOffset.UtcNow;
        var attempt = new ApplicationAttempt(_started, end, end ?? now, (long)((end ?? now) - _started).TotalMilliseconds, end is not null);
        return new ApplicationInfo(_context.AppId, _context.AppName, _context.Master, [attempt]);
    }

    public IReadOnlyList<ExecutorSummary> Executors() => Store.Executors(id => _context.BlockManagerMaster.ExecutorStorage(id));

    public IReadOnlyList<RddStorageInfo> Storage() => _context.PersistentRddStorage();

    public IReadOnlyList<ClusterMember> Members() =>
        [.. _context.ClusterMembers().Select(m => new ClusterMember(m.Address, m.Roles, m.Status, m.Reachable))];

    public EnvironmentInfo Environment() => EnvironmentOf(_context);

    /// <summary>The driver's runtime and effective configuration (secrets masked).</summary>
    public static EnvironmentInfo EnvironmentOf(ClusterContext context)
    {
        var runtime = new Dictionary<string, string>
        {
            [".NET"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ["OS"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["ActorNet"] = Version(typeof(ClusterContext).Assembly),
            ["Akka.NET"] = Version(typeof(Akka.Actor.ActorSystem).Assembly),
            ["master"] = context.Master,
            ["application id"] = context.AppId,
            ["default parallelism"] = context.DefaultParallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var properties = context.Configuration.AsEnumerable()
            .Where(kv => kv.Value is not null && (kv.Key.StartsWith("actornet:", StringComparison.Ordinal) || kv.Key.StartsWith("akka:", StringComparison.Ordinal)))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new[] { kv.Key.Replace(':', '.'), Mask(kv.Key, kv.Value!) })
            .ToArray();
        return new EnvironmentInfo(runtime, properties);
    }

    /// <summary>"******" for a secret's value (a key naming a secret, password, private key, token or credential).</summary>
    internal static string Mask(string key, string value) =>
        value.Length > 0 && SecretWords.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase)) ? "******" : value;

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "";

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        Metrics.Dispose();
    }
}
