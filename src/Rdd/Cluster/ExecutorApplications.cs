using System.Collections.Concurrent;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// A node's running executors by application id, shared by the executor host actor (which adds and removes them)
/// and the data plane's shuffle service (which reads their files from its own threads).
/// </summary>
internal sealed class ExecutorApplications
{
    private readonly ConcurrentDictionary<string, ExecutorApplication> _apps = new(StringComparer.Ordinal);

    public ExecutorApplication? Find(string appId) => _apps.GetValueOrDefault(appId);

    public IEnumerable<ExecutorApplication> All() => _apps.Values;

    public void Add(ExecutorApplication app) => _apps[app.AppId] = app;

    public ExecutorApplication? Remove(string appId) => _apps.TryRemove(appId, out var app) ? app : null;

    public ExecutorApplication[] RemoveAll()
    {
        var all = _apps.Values.ToArray();
        _apps.Clear();
        return all;
    }
}
