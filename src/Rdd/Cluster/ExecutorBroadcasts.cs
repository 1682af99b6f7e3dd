using System.Collections.Concurrent;
using System.Reflection;
using ActorNet.Rdd.Closures;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// An executor's broadcast values: a broadcast id met in a closure is fetched from the driver in chunks once per
/// executor (so once per worker node for an application) and the same <see cref="Broadcast{T}"/> is shared by all
/// the executor's tasks.
/// </summary>
internal sealed class ExecutorBroadcasts(ExecutorApplication app)
{
    private readonly ConcurrentDictionary<long, Lazy<object>> _broadcasts = new();

    public object Resolve(Type broadcastType, long id) =>
        _broadcasts.GetOrAdd(id, _ => new Lazy<object>(() => Fetch(broadcastType, id))).Value;

    /// <summary>Drops a copy (unpersisted or destroyed on the driver); a later task using it fetches it again.</summary>
    public void Remove(long id) => _broadcasts.TryRemove(id, out _);

    public void Clear() => _broadcasts.Clear();

    private object Fetch(Type broadcastType, long id)
    {
        if (!broadcastType.IsGenericType || broadcastType.GetGenericTypeDefinition() != typeof(Broadcast<>))
            throw new InvalidOperationException($"Broadcast({id}) is described as {broadcastType}, not a Broadcast<T>.");
        var info = app.Ask<BroadcastInfo>(new GetBroadcastInfo(id));
        app.EnsureAssemblies(info.Assemblies);
        var bytes = new byte[info.Length];
        for (var i = 0; i < info.Chunks; i++)
        {
            var chunk = app.FetchFromDriver(new DriverBlockRequest(app.AppId, DriverBlockKind.BroadcastChunk, Id: id, Index: i));
            var at = (long)i * info.ChunkSize;
            if (at + chunk.Length > bytes.Length) throw new InvalidDataException($"Broadcast({id}) chunk {i} of {chunk.Length} bytes overruns the announced {info.Length} bytes.");
            chunk.CopyTo(bytes, at);
        }
        var value = ClosureSerializer.Deserialize(bytes, app.LoadContext, app.Handles);
        return Activator.CreateInstance(broadcastType, BindingFlags.Instance | BindingFlags.NonPublic, null, [id, value], null)
               ?? throw new InvalidOperationException($"Cannot create {broadcastType}.");
    }
}
