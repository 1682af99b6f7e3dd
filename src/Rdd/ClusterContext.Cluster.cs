using System.Collections.Concurrent;
using ActorNet.ControlPlane;
using ActorNet.Rdd.Cluster;
using ActorNet.Rdd.Closures;
using ActorNet.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd;

public sealed partial class ClusterContext
{
    /// <summary>
    /// The environment variable that, when set, replaces the master URL an application passes to the constructor
    /// (what <c>actornet submit --master URL</c> sets for the application it runs).
    /// </summary>
    public const string MasterOverrideVariable = "ACTORNET_MASTER";

    // How long a driver waits for the executors it expects before the constructor returns.
    private static readonly TimeSpan ExecutorWaitTimeout = TimeSpan.FromSeconds(60);

    // Broadcast values by id, served to cluster executors (dropped with the context).
    private readonly ConcurrentDictionary<long, object?> _broadcastValues = new();

    /// <summary>The worker processes of <c>local-cluster[N]</c> (tests kill one to inject a failure); null otherwise.</summary>
    internal LocalClusterProcesses? LocalCluster { get; private set; }

    /// <summary>The cluster backend when the master is a cluster; null in local mode.</summary>
    internal ClusterBackend? ClusterBackend => _backend as ClusterBackend;

    // The folder local-cluster workers make their application folders in (they inherit the driver's settings).
    private string? _localClusterRoot;

    /// <summary>
    /// After local-cluster's processes are gone: deletes what a worker killed mid-job could not (its shuffle files and
    /// blocks), since they are on this machine.
    /// </summary>
    private void RemoveLocalClusterFolders()
    {
        if (LocalCluster is null || _localClusterRoot is null || !Directory.Exists(_localClusterRoot)) return;
        foreach (var folder in Directory.GetDirectories(_localClusterRoot, $"actornet-{AppId}-*"))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Still in use by a process that has not exited yet; it is under the temp folder and named for the app.
            }
        }
    }

    private ClusterBackend StartClusterBackend(MasterSpec spec, IConfiguration? config)
    {
        IReadOnlyList<string> seeds;
        string? secret;
        if (spec is MasterSpec.LocalCluster lc)
        {
            LocalCluster = LocalClusterProcesses.Start(lc.Workers, lc.CoresPerWorker);
            _localClusterRoot = RddSettings.From(config).LocalDir ?? Path.GetTempPath();
            seeds = [LocalCluster.SeedAddress];
            secret = LocalCluster.Secret;
        }
        else
        {
            seeds = ((MasterSpec.Cluster)spec).Seeds;
            secret = config?["actornet:remote:secret"] is { Length: > 0 } configured ? configured : Environment.GetEnvironmentVariable(LocalClusterSettings.SecretVariable);
        }
        try
        {
            var values = LocalClusterSettings.Driver(seeds, secret, config?["actornet:remote:hostname"] is { Length: > 0 } host ? host : "127.0.0.1",
                localCluster: LocalCluster is not null);
            var builder = new ConfigurationBuilder().AddActorNetReference();
            if (config is not null) builder.AddConfiguration(config);
            var node = ClusterNode.Start(builder.AddInMemoryCollection(values).Build(), LocalClusterSettings.Loggers);
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in new[] { RddSettings.MemoryFractionKey, RddSettings.MemoryCapacityKey, RddSettings.SerializerKey })
                if (config?[key] is { Length: > 0 } value) settings[key] = value;
            // local-cluster workers share this machine's disk: they use the driver's local-dir, which Stop cleans.
            if (LocalCluster is not null && config?[RddSettings.LocalDirKey] is { Length: > 0 } localDir) settings[RddSettings.LocalDirKey] = localDir;
            var backend = new ClusterBackend(node, AppId, AppName, settings, MapOutputTracker, BlockManagerMaster, Serializer, new DriverClosureHandles(this),
                id => _broadcastValues.TryGetValue(id, out var v) ? (true, v) : (false, null), RddSettings.From(config).BroadcastBlockSize, LocalCluster);
            if (LocalCluster is not null) LocalCluster.WorkerExited += address => backend.RemoveExecutor(address, "its worker process exited");
            return backend;
        }
        catch
        {
            LocalCluster?.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the executors a cluster master promises; the default parallelism is their slots (at least 2, as Spark).</summary>
    private int WaitForClusterSlots(MasterSpec spec)
    {
        var backend = (ClusterBackend)_backend;
        if (spec is MasterSpec.LocalCluster lc && !backend.WaitForExecutors(lc.Workers, ExecutorWaitTimeout))
        {
            Stop();
            throw new InvalidOperationException($"local-cluster[{lc.Workers}]: only {backend.Executors.Count} of {lc.Workers} executors registered within {ExecutorWaitTimeout.TotalSeconds} s.");
        }
        if (spec is MasterSpec.Cluster) backend.WaitForExecutors(1, ExecutorWaitTimeout);
        return Math.Max(2, backend.Executors.Sum(e => e.Slots));
    }

    private object? BroadcastValue(long id) => _broadcastValues.GetValueOrDefault(id);

    // Unpersist: executors drop their copies; Destroy: the driver also forgets the value.
    private void ReleaseBroadcast(long id, bool destroy)
    {
        if (destroy) _broadcastValues.TryRemove(id, out _);
        (_backend as ClusterBackend)?.ReleaseBroadcast(id, destroy);
    }

    /// <summary>The driver's side of closure handles: ids resolve to the driver's own broadcasts, accumulators and this context.</summary>
    private sealed class DriverClosureHandles(ClusterContext context) : IClosureHandles
    {
        public object ResolveBroadcast(Type broadcastType, long id) =>
            Activator.CreateInstance(broadcastType, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, null, [id, context.BroadcastValue(id)], null)
            ?? throw new InvalidOperationException($"Cannot create {broadcastType}.");

        public object ResolveAccumulator(Type accumulatorType, long id, object zeroCopy) =>
            context.FindAccumulator(id) ?? throw new InvalidOperationException($"Accumulator {id} of type {accumulatorType} is not registered with this context.");

        public ClusterContext ResolveContext() => context;
    }
}
