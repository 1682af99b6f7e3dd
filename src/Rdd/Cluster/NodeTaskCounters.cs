using ActorNet.Rdd.Scheduling;
using Akka.Actor;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// What the executors of one node ran, across applications: the numbers a worker's <c>/metrics</c> serves. An Akka
/// extension, so each node (actor system) has its own and several nodes in one test process stay apart.
/// </summary>
internal sealed class NodeTaskCounters : IExtension
{
    private long _completed, _failed, _shuffleBytesWritten, _shuffleBytesRead;

    public long Completed => Interlocked.Read(ref _completed);

    public long Failed => Interlocked.Read(ref _failed);

    public long ShuffleBytesWritten => Interlocked.Read(ref _shuffleBytesWritten);

    public long ShuffleBytesRead => Interlocked.Read(ref _shuffleBytesRead);

    public static NodeTaskCounters Get(ActorSystem system) => system.WithExtension<NodeTaskCounters, NodeTaskCountersProvider>();

    public void Record(TaskEndReason end, TaskMetrics metrics)
    {
        Interlocked.Add(ref _shuffleBytesRead, metrics.ShuffleReadBytes);
        switch (end)
        {
            case TaskSucceeded { Value: Shuffle.MapStatus status }:
                Interlocked.Increment(ref _completed);
                Interlocked.Add(ref _shuffleBytesWritten, status.PartitionSizes.Sum());
                break;
            case TaskSucceeded:
                Interlocked.Increment(ref _completed);
                break;
            case ExceptionFailure or FetchFailed:
                Interlocked.Increment(ref _failed);
                break;
        }
    }

    private sealed class NodeTaskCountersProvider : ExtensionIdProvider<NodeTaskCounters>
    {
        public override NodeTaskCounters CreateExtension(ExtendedActorSystem system) => new();
    }
}
