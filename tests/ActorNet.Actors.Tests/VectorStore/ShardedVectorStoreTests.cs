namespace ActorNet.VectorStore.Tests;

/// <summary>The store's operations across a driver and two workers: arithmetic, rules, errors, landings, removal, snapshots.</summary>
public sealed class ShardedVectorStoreTests(ThreeNodeFixture fixture) : IClassFixture<ThreeNodeFixture>
{
    [Fact]
    public async Task Push_and_pull_do_the_arithmetic_over_slices_spread_across_the_workers()
    {
        var driver = StoreCluster.Client(fixture.Driver);
        var worker = StoreCluster.Client(fixture.Worker(0));
        float[] start = [.. Enumerable.Range(0, 41).Select(i => (float)i)];
        await driver.InitAsync("arith", start);
        await worker.PushAsync("arith", Enumerable.Repeat(1f, 41).ToArray());
        await driver.PushAsync("arith", Enumerable.Repeat(2f, 41).ToArray(), "sgd(0.5)");

        float[] expected = [.. start.Select(v => v + 1 - 1)];
        Assert.Equal(expected, await driver.PullAsync("arith"));
        Assert.Equal(expected, await worker.PullAsync("arith"));
        // 11 slices over 20 shards, all on the workers (which of the two depends on when each registered with the
        // coordinator, so the test does not say), none on the driver.
        var hosted = fixture.Worker(0).Host.Slices.Keys.Concat(fixture.Worker(1).Host.Slices.Keys).Where(id => id.StartsWith("arith#", StringComparison.Ordinal));
        Assert.Equal(11, hosted.Distinct().Count());
        Assert.DoesNotContain(fixture.Driver.Host.Slices.Keys, id => id.StartsWith("arith#", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_registered_rule_is_applied_where_the_slice_lives()
    {
        // The workers started with the built-in rules; a rule only a client knows is refused by the slices.
        var driver = StoreCluster.Client(fixture.Driver);
        await driver.InitAsync("rules", [1, 2, 3, 4, 5]);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => driver.PushAsync("rules", new float[] { 1, 1, 1, 1, 1 }, "double"));
        Assert.Contains("unknown update rule 'double'", error.Message);
        foreach (var node in new[] { fixture.Worker(0), fixture.Worker(1) }) node.Host.Registry.Register("max", new MaxRule());
        await driver.PushAsync("rules", new float[] { 3, 3, 3, 3, 3 }, "max");
        Assert.Equal(new float[] { 3, 3, 3, 4, 5 }, await driver.PullAsync("rules"));
    }

    [Fact]
    public async Task Bad_pushes_and_pulls_fail_with_errors_that_name_the_problem()
    {
        var worker = StoreCluster.Client(fixture.Worker(1));
        await worker.InitAsync("bad", [1, 2, 3, 4, 5, 6]);
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => worker.PushAsync("bad", new float[7]));
        Assert.Contains("the delta has 7 floats but the vector has 6", tooLong.Message);
        var rule = await Assert.ThrowsAsync<ArgumentException>(() => worker.PushAsync("bad", new float[6], "sgd(fast)"));
        Assert.Contains("sgd", rule.Message);
        var missing = await Assert.ThrowsAsync<KeyNotFoundException>(() => worker.PullAsync("never-initialized"));
        Assert.Contains("'never-initialized' slice 0 is not initialized", missing.Message);
        var wrongSize = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.PullAsync("bad", new float[5]));
        Assert.Contains("of 6 floats, expected", wrongSize.Message);
        Assert.Contains("of 5: was it initialized with another length", wrongSize.Message);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, await worker.PullAsync("bad")); // nothing was changed by the refused pushes
    }

    [Fact]
    public async Task A_pull_from_other_nodes_lands_in_the_callers_array_and_one_from_this_node_is_copied()
    {
        var driver = StoreCluster.Client(fixture.Driver);
        float[] value = [.. Enumerable.Range(0, 30).Select(i => i * 0.5f)];
        await driver.InitAsync("landing", value);
        var destination = new float[30];
        await driver.PullAsync("landing", destination);
        Assert.Equal(value, destination);
        Assert.Equal(8, driver.SlicesLanded); // every slice lives on a worker: read off the connection into the array
        Assert.Equal(0, driver.SlicesCopied);

        var worker = StoreCluster.Client(fixture.Worker(0));
        var again = new float[30];
        await worker.PullAtVersionAsync("landing", again, version: 0);
        Assert.Equal(value, again);
        int local = fixture.Worker(0).Host.Slices.Keys.Count(id => id.StartsWith("landing#", StringComparison.Ordinal));
        Assert.Equal(local, worker.SlicesCopied);
        Assert.Equal(8 - local, worker.SlicesLanded);
    }

    [Fact]
    public async Task A_pull_notices_when_the_key_was_initialized_again_with_another_length()
    {
        var driver = StoreCluster.Client(fixture.Driver);
        await driver.InitAsync("resized", new float[10]);
        await driver.InitAsync("resized", Enumerable.Repeat(2f, 12).ToArray());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => driver.PullAsync("resized", new float[10]));
        Assert.Contains("was it initialized with another length", error.Message);
        Assert.Equal(Enumerable.Repeat(2f, 12).ToArray(), await driver.PullAsync("resized"));
    }

    [Fact]
    public async Task A_removed_key_is_gone_from_its_slices_and_from_snapshots()
    {
        var driver = StoreCluster.Client(fixture.Driver);
        await driver.InitAsync("snap-keep", [1, 2]);
        await driver.InitAsync("snap-drop", [1, 2, 3, 4, 5, 6, 7]);
        await driver.RemoveAsync("snap-drop", 7);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => driver.PullAsync("snap-drop"));
        var snapshot = await driver.SnapshotAsync();
        Assert.True(snapshot.ContainsKey("snap-keep"));
        Assert.False(snapshot.ContainsKey("snap-drop"));
        Assert.Equal(new float[] { 1, 2 }, snapshot["snap-keep"]);
    }

    [Fact]
    public void The_stores_entities_are_never_passivated_nor_remembered_and_live_on_the_host_role()
    {
        var settings = ShardedVectorStore.Settings(fixture.Worker(0).System, "worker");
        Assert.Equal(TimeSpan.Zero, settings.PassivateIdleEntityAfter); // off
        Assert.False(settings.RememberEntities);
        Assert.Equal("worker", settings.Role);
        Assert.Equal("worker", ShardedVectorStore.HostRole(fixture.Driver.System));
    }

    private sealed class MaxRule : IVectorUpdate
    {
        public void Apply(Span<float> value, ReadOnlySpan<float> delta)
        {
            for (int i = 0; i < value.Length; i++) value[i] = Math.Max(value[i], delta[i]);
        }
    }
}
