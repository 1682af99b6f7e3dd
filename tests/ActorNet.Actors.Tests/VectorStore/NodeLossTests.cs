namespace ActorNet.VectorStore.Tests;

/// <summary>
/// Nodes lost and nodes leaving: a crash loses its slices (clients fail, never hang; snapshots restore them), a graceful
/// leave hands them over with values, versions, open steps and rule state. Each test has its own cluster.
/// </summary>
public sealed class NodeLossTests : IAsyncLifetime
{
    private StoreCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await StoreCluster.StartAsync(4, "driver", "worker", "worker", "worker");
        _cluster.HostOnWorkers();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    // A worker other than the oldest (which runs the coordinator) that hosts slices of `key`.
    private StoreCluster.Node HostOf(string key) =>
        _cluster.Nodes.Skip(2).First(n => n.Host.Slices.Keys.Any(id => id.StartsWith(key + "#", StringComparison.Ordinal)));

    [Fact]
    public async Task A_node_lost_mid_push_fails_the_push_and_later_calls_find_the_lost_slices_empty_without_hanging()
    {
        var driver = StoreCluster.Client(_cluster.Nodes[0], timeout: TimeSpan.FromSeconds(20), attempt: TimeSpan.FromSeconds(3));
        await driver.InitAsync("lost", new float[40]);
        var victim = HostOf("lost");
        var delta = Enumerable.Repeat(1f, 40).ToArray();

        // Plain pushes run until one fails: the node goes away under them.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var pushing = Task.Run(async () =>
        {
            while (true) await driver.PushAsync("lost", delta, cancellationToken: stop.Token);
        });
        await Task.Delay(300);
        await _cluster.CrashAsync(victim);
        var failure = await Record.ExceptionAsync(() => pushing);
        Assert.True(failure is IOException or TimeoutException or KeyNotFoundException, $"unexpected {failure}");
        Assert.False(stop.IsCancellationRequested);

        // Idempotent calls are sent again and reach the lost slices' new homes, which are empty.
        var pull = await Assert.ThrowsAsync<KeyNotFoundException>(() => driver.PullAsync("lost", new float[40]));
        Assert.Contains("is not initialized", pull.Message);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => driver.PushAtStepAsync("lost", delta, "add", step: 0, contributors: 1, contributor: 0));
    }

    [Fact]
    public async Task A_snapshot_restores_the_keys_lost_with_a_crashed_node()
    {
        var driver = StoreCluster.Client(_cluster.Nodes[0], timeout: TimeSpan.FromSeconds(20), attempt: TimeSpan.FromSeconds(3));
        float[] a = [.. Enumerable.Range(0, 40).Select(i => (float)i)], b = [.. Enumerable.Range(0, 40).Select(i => -(float)i)];
        await driver.InitAsync("snap-a", a);
        await driver.InitAsync("snap-b", b);
        await driver.PushAsync("snap-a", Enumerable.Repeat(1f, 40).ToArray());
        var snapshot = await driver.SnapshotAsync();

        await _cluster.CrashAsync(HostOf("snap-a"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => driver.PullAsync("snap-a"));

        await driver.RestoreAsync(snapshot);
        Assert.Equal(a.Select(v => v + 1).ToArray(), await driver.PullAsync("snap-a"));
        Assert.Equal(b, await driver.PullAsync("snap-b"));
    }

    [Fact]
    public async Task A_worker_leaving_hands_its_slices_over_with_values_versions_open_steps_and_rule_state()
    {
        var driver = StoreCluster.Client(_cluster.Nodes[0]);
        await driver.InitAsync("w", Enumerable.Repeat(10f, 40).ToArray());
        await driver.PushAtStepAsync("w", Enumerable.Repeat(2f, 40).ToArray(), "sgd(1)", step: 0, contributors: 2, contributor: 0);
        await driver.PushAtStepAsync("w", Enumerable.Repeat(4f, 40).ToArray(), "sgd(1)", step: 0, contributors: 2, contributor: 1);
        // Step 1 is open with one of its two contributions when the node leaves.
        await driver.PushAtStepAsync("w", Enumerable.Repeat(1f, 40).ToArray(), "sgd(1)", step: 1, contributors: 2, contributor: 0);
        await driver.InitAsync("m", new float[40]);
        await driver.PushAsync("m", Enumerable.Repeat(2f, 40).ToArray(), "momentum(0.5)");

        var leaving = HostOf("w");
        int moved = leaving.Host.Slices.Keys.Count(id => id.StartsWith("w#", StringComparison.Ordinal));
        var lot = leaving.Host.Parking;
        await _cluster.LeaveAsync(leaving);
        Assert.Equal(0, lot.Count); // every parked slice was claimed by its new incarnation

        Assert.Equal(Enumerable.Repeat(7f, 40).ToArray(), await driver.PullAtVersionAsync("w", 40, version: 1));
        await driver.PushAtStepAsync("w", Enumerable.Repeat(3f, 40).ToArray(), "sgd(1)", step: 1, contributors: 2, contributor: 1);
        Assert.Equal(Enumerable.Repeat(5f, 40).ToArray(), await driver.PullAtVersionAsync("w", 40, version: 2));
        Assert.Equal(Enumerable.Repeat(2f, 40).ToArray(), await driver.PullRuleStateAsync("m", 40));
        Assert.True(moved > 0);
        Assert.Equal(40, _cluster.Nodes.Sum(n => n.Host.Slices.Keys.Count(id => id.StartsWith("w#", StringComparison.Ordinal))) * 4);
        var snapshot = await driver.SnapshotAsync();
        Assert.Equal(["m", "w"], snapshot.Keys.Order(StringComparer.Ordinal));
    }
}
