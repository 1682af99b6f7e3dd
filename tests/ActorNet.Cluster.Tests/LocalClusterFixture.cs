using ActorNet.Rdd;

// Multi-process tests share two cores: one process group at a time, so no node is starved into looking dead.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ActorNet.Cluster.Tests;

/// <summary>One <c>local-cluster[2]</c> application (a seed and two worker processes) shared by the RDD tests that do not kill anything.</summary>
public sealed class LocalClusterFixture : IDisposable
{
    public LocalClusterFixture()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
        Context = new ClusterContext("local-cluster[2]", "rdd-cluster-tests");
    }

    public ClusterContext Context { get; }

    public void Dispose() => Context.Dispose();
}

/// <summary>The RDD tests on local-cluster run one after another, sharing <see cref="LocalClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RddClusterCollection : ICollectionFixture<LocalClusterFixture>
{
    public const string Name = "rdd-local-cluster";
}
