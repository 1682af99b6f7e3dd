namespace ActorNet.VectorStore.Tests;

/// <summary>Synchronous steps with contributors on different nodes, and rule state (momentum), across a driver and two workers.</summary>
public sealed class SynchronizedStepTests(ThreeNodeFixture fixture) : IClassFixture<ThreeNodeFixture>
{
    [Fact]
    public async Task A_step_applies_the_mean_of_every_contributor_on_every_node_once_the_last_arrives()
    {
        var driver = StoreCluster.Client(fixture.Driver);
        var first = StoreCluster.Client(fixture.Worker(0));
        var second = StoreCluster.Client(fixture.Worker(1));
        await driver.InitAsync("step", Enumerable.Repeat(10f, 9).ToArray());

        // Pulls for version 1 from every node wait until the three contributors pushed step 0.
        var early = new[] { driver, first, second }.Select(c => c.PullAtVersionAsync("step", 9, version: 1)).ToArray();
        await first.PushAtStepAsync("step", Enumerable.Repeat(1f, 9).ToArray(), "sgd(1)", step: 0, contributors: 3, contributor: 0);
        await second.PushAtStepAsync("step", Enumerable.Repeat(2f, 9).ToArray(), "sgd(1)", step: 0, contributors: 3, contributor: 1);
        Assert.Equal(Enumerable.Repeat(10f, 9).ToArray(), await driver.PullAtVersionAsync("step", 9, version: 0));
        Assert.DoesNotContain(early, pull => pull.IsCompleted);
        await driver.PushAtStepAsync("step", Enumerable.Repeat(6f, 9).ToArray(), "sgd(1)", step: 0, contributors: 3, contributor: 2);
        foreach (var pull in early) Assert.Equal(Enumerable.Repeat(7f, 9).ToArray(), await pull);

        var repeated = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            driver.PushAtStepAsync("step", new float[9], "sgd(1)", step: 0, contributors: 3));
        Assert.Contains("is at step 1", repeated.Message);
    }

    [Fact]
    public async Task A_contributor_pushing_again_is_ignored_for_the_open_step_and_for_completed_steps()
    {
        var driver = StoreCluster.Client(fixture.Driver);
        var worker = StoreCluster.Client(fixture.Worker(1));
        await driver.InitAsync("again", [10, 10, 10, 10, 10, 10]);
        await driver.PushAtStepAsync("again", new float[] { 2, 2, 2, 2, 2, 2 }, "sgd(1)", step: 0, contributors: 2, contributor: 0);
        await worker.PushAtStepAsync("again", new float[] { 100, 100, 100, 100, 100, 100 }, "sgd(1)", step: 0, contributors: 2, contributor: 0);
        var pending = worker.PullAtVersionAsync("again", 6, version: 1);
        await Task.Delay(200);
        Assert.False(pending.IsCompleted);
        await worker.PushAtStepAsync("again", new float[] { 4, 4, 4, 4, 4, 4 }, "sgd(1)", step: 0, contributors: 2, contributor: 1);
        Assert.Equal(new float[] { 7, 7, 7, 7, 7, 7 }, await pending);

        await driver.PushAtStepAsync("again", new float[] { 50, 50, 50, 50, 50, 50 }, "sgd(1)", step: 0, contributors: 2, contributor: 1);
        Assert.Equal(new float[] { 7, 7, 7, 7, 7, 7 }, await driver.PullAsync("again"));
    }

    [Fact]
    public async Task A_pull_for_a_version_never_reached_fails_when_the_client_timeout_passes()
    {
        // The slice is placed with the default timeout (placing a new shard took over 3 s on a loaded CI machine); only the
        // pull runs under the short one.
        await StoreCluster.Client(fixture.Driver).InitAsync("never", [1, 2, 3, 4, 5]);
        var driver = StoreCluster.Client(fixture.Driver, timeout: TimeSpan.FromSeconds(3), attempt: TimeSpan.FromSeconds(1));
        var error = await Record.ExceptionAsync(() => driver.PullAtVersionAsync("never", 5, version: 1));
        Assert.True(error is TimeoutException, $"expected a TimeoutException, got {error}");
        Assert.Contains("PullAtVersion of 'never'", error.Message);
    }

    [Fact]
    public async Task A_momentum_history_read_out_and_initialized_again_continues_as_if_never_interrupted()
    {
        var driver = StoreCluster.Client(fixture.Driver);
        float[] steps1 = [1, 2, 3, 4, 5, 6, 7], steps2 = [1, 1, 1, 1, 1, 1, 1], steps3 = [2, 0, 2, 0, 2, 0, 2];
        await driver.InitAsync("mom-a", new float[7]);
        await driver.InitAsync("mom-b", new float[7]);
        await driver.PushAsync("mom-a", steps1, "momentum(0.5)");
        await driver.PushAsync("mom-a", steps2, "momentum(0.5)");
        await driver.PushAsync("mom-b", steps1, "momentum(0.5)");
        await driver.PushAsync("mom-b", steps2, "momentum(0.5)");

        // "mom-b" is checkpointed and restored: its value and history go out and come back in.
        var value = await driver.PullAsync("mom-b");
        var history = await driver.PullRuleStateAsync("mom-b", 7);
        Assert.Equal(steps1.Select(s => 0.5f * s + 1).ToArray(), history);
        await driver.InitAsync("mom-b", value, history);
        await driver.PushAsync("mom-a", steps3, "momentum(0.5)");
        await driver.PushAsync("mom-b", steps3, "momentum(0.5)");
        Assert.Equal(await driver.PullAsync("mom-a"), await driver.PullAsync("mom-b"));

        // Initialized without a history, the rule starts again from zeros.
        await driver.InitAsync("mom-b", new float[7]);
        Assert.Equal(new float[7], await driver.PullRuleStateAsync("mom-b", 7));
    }
}
