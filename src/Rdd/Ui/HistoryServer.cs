using ActorNet.Rdd.Events;
using Microsoft.AspNetCore.Builder;

namespace ActorNet.Rdd.Ui;

/// <summary>
/// <c>actornet history --dir DIR</c> (Spark's history server): serves the same pages and REST API as a live driver for
/// the applications whose event logs (<see cref="EventLogWriter"/>) are in DIR, replaying each file into a status store.
/// The folder is looked at again on every request, so new and growing logs appear. A truncated last line (a driver
/// killed mid-write) or a damaged one is skipped with a warning naming the file and line; a file that is not an event
/// log is listed as unreadable on the index page, and the server goes on (<see cref="EventLogReplay"/>).
/// </summary>
internal sealed class HistoryServer : IUiApps
{
    private readonly string _directory;
    private readonly TextWriter _log;
    private readonly Lock _gate = new();
    // Per file: its size and time when read, and what it gave (an application, or why it cannot be read).
    private readonly Dictionary<string, (long Length, DateTime Written, ReplayedApp? App, string? Problem)> _files = [];

    public HistoryServer(string directory, TextWriter log)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"event log folder {directory} does not exist");
        _directory = directory;
        _log = log;
    }

    /// <summary>Serves the history UI until <paramref name="cancel"/>; prints <c>history: http://HOST:PORT</c> on <paramref name="output"/>.</summary>
    public async Task RunAsync(System.Net.IPAddress host, int port, TextWriter output, CancellationToken cancel)
    {
        var (app, bound) = await HttpEndpoint.StartAsync(host, port, web =>
        {
            UiPages.MapHistory(web, this, Unreadable);
            RestApi.Map(web, this);
        }, retry: false).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            await output.WriteLineAsync($"history: http://{host}:{bound}").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop serving.
            }
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public IReadOnlyList<IUiData> Applications()
    {
        lock (_gate)
        {
            Refresh();
            return [.. _files.Values.Where(f => f.App is not null).Select(f => (IUiData)f.App!)];
        }
    }

    public IUiData? Find(string appId) => Applications().FirstOrDefault(a => a.AppId == appId);

    /// <summary>"file: why" for each file in the folder that is not a readable event log.</summary>
    public IReadOnlyList<string> Unreadable()
    {
        lock (_gate)
        {
            Refresh();
            return [.. _files.Where(f => f.Value.Problem is not null).OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f.Key)}: {f.Value.Problem}")];
        }
    }

    private void Refresh()
    {
        var present = Directory.GetFiles(_directory).ToHashSet();
        foreach (var gone in _files.Keys.Where(k => !present.Contains(k)).ToArray()) _files.Remove(gone);
        foreach (var path in present)
        {
            var info = new FileInfo(path);
            if (_files.TryGetValue(path, out var known) && known.Length == info.Length && known.Written == info.LastWriteTimeUtc) continue;
            var (app, problem) = Load(path);
            _files[path] = (info.Length, info.LastWriteTimeUtc, app, problem);
        }
    }

    private (ReplayedApp? App, string? Problem) Load(string path)
    {
        var (store, problem) = EventLogReplay.Read(path, _log);
        return (store is null ? null : new ReplayedApp(store), problem);
    }

    /// <summary>A finished (or abandoned) application as its event log tells it.</summary>
    private sealed class ReplayedApp(AppStatusStore store) : IUiData
    {
        public string AppId => store.AppId;

        public AppStatusStore Store => store;

        // Nothing changes: the pages need not poll often.
        public int RefreshMilliseconds => 10_000;

        public ApplicationInfo Application()
        {
            var start = store.StartTime!.Value;
            var end = store.EndTime;
            var last = end ?? start;
            return new ApplicationInfo(store.AppId, store.AppName, store.Master,
                [new ApplicationAttempt(start, end, last, (long)(last - start).TotalMilliseconds, end is not null)]);
        }

        public IReadOnlyList<ExecutorSummary> Executors() => store.Executors(store.LoggedExecutorStorage);

        public IReadOnlyList<RddStorageInfo> Storage() => store.LoggedStorage();

        public IReadOnlyList<ClusterMember> Members() => store.LoggedMembers();

        public EnvironmentInfo Environment() => store.Environment ?? new EnvironmentInfo(new Dictionary<string, string>(), []);
    }
}
