namespace ActorNet.VectorStore.Tests;

/// <summary>A driver (proxy) and two workers (hosting), slice size 4, shared by the tests that leave every node running (each uses its own keys).</summary>
public sealed class ThreeNodeFixture : IAsyncLifetime
{
    internal StoreCluster Cluster { get; private set; } = null!;

    internal StoreCluster.Node Driver => Cluster.Nodes[0];

    internal StoreCluster.Node Worker(int i) => Cluster.Nodes[1 + i];

    public async Task InitializeAsync()
    {
        Cluster = await StoreCluster.StartAsync(4, "driver", "worker", "worker");
        Cluster.HostOnWorkers();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
