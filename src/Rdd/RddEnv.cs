using ActorNet.Rdd.Shuffle;
using ActorNet.Rdd.Storage;

namespace ActorNet.Rdd;

/// <summary>
/// The services one executor's tasks use (Spark's <c>SparkEnv</c>). In local mode driver and executor
/// share one environment; a cluster worker builds its own with a block manager and shuffle fetcher that
/// reach peers.
/// </summary>
internal sealed class RddEnv(string executorId, string host, IRddSerializer serializer, BlockManager blockManager,
    IShuffleManager shuffleManager, MapOutputTracker mapOutputTracker, Func<Akka.Actor.ActorSystem> nodeSystem)
{
    public string ExecutorId { get; } = executorId;

    public string Host { get; } = host;

    public IRddSerializer Serializer { get; } = serializer;

    public BlockManager BlockManager { get; } = blockManager;

    public IShuffleManager ShuffleManager { get; } = shuffleManager;

    public MapOutputTracker MapOutputTracker { get; } = mapOutputTracker;

    /// <summary>The actor system of the node the executor runs on (local mode: the context's single-member cluster, started on first use).</summary>
    public Func<Akka.Actor.ActorSystem> NodeSystem { get; } = nodeSystem;
}
