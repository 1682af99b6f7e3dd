namespace ActorNet.VectorStore.Tests;

/// <summary>
/// The store on nodes whose data planes advertise another address than they bind (actornet.data-plane.public-port):
/// slices are located at, and reached through, the advertised addresses (here TCP forwarders, as bench/netsim's proxy),
/// and a node still serves its own slices in-process.
/// </summary>
public sealed class PublicAddressStoreTests : IAsyncLifetime
{
    private StoreCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await StoreCluster.StartBehindForwardersAsync(8, "driver", "worker", "worker");
        _cluster.HostOnWorkers();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Pushes_and_synchronous_steps_reach_every_slice_through_the_advertised_addresses()
    {
        var driver = StoreCluster.Client(_cluster.Nodes[0]);
        var workers = new[] { StoreCluster.Client(_cluster.Nodes[1]), StoreCluster.Client(_cluster.Nodes[2]) };
        float[] start = [.. Enumerable.Range(0, 100).Select(i => (float)i)];
        await driver.InitAsync("public", start);

        // A synchronous step of both workers (the averaging pattern): each pushes its values for step 0 with "assign".
        await Task.WhenAll(workers.Select((w, i) => w.PushAtStepAsync("public", Enumerable.Repeat((float)(2 * i), 100).ToArray(), "assign", 0, 2, i)));
        foreach (var w in workers) Assert.Equal(Enumerable.Repeat(1f, 100), await w.PullAtVersionAsync("public", 100, 1));

        // 13 slices over the two workers: each worker's data plane was reached through its forwarder; the driver's hosts none.
        var hosts = new[] { _cluster.Nodes[1], _cluster.Nodes[2] };
        var hosted = hosts.Select(n => n.Host.Slices.Keys.Count(id => id.StartsWith("public#", StringComparison.Ordinal))).ToArray();
        Assert.Equal(13, hosted.Sum());
        for (int i = 0; i < hosts.Length; i++)
        {
            Assert.NotEqual(hosts[i].DataPlane.BoundAddress, hosts[i].DataPlane.Address);
            if (hosted[i] > 0) Assert.True(_cluster.Forwarders[i + 1].Bytes > 0, $"worker {i} hosts {hosted[i]} slices but nothing went through its forwarder");
        }
    }
}
