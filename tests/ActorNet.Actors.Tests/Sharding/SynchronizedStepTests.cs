using ActorNet.Actors.Sharding;
using ActorNet.TestKit;
using static ActorNet.Actors.Tests.Sharding.ShardingTestSupport;

namespace ActorNet.Actors.Tests.Sharding;

public sealed class SynchronizedStepTests() : TestKit.TestKit(time: new FakeTimeProvider())
{
    private ShardedVectorStore StartStore(string name = "n1")
    {
        var coordinator = Sys.ActorOf(ShardCoordinator.Props(ShardedVectorStore.TypeName, Settings()), "coordinator");
        return ShardedVectorStore.Start(Sys, new VectorUpdateRegistry(), Settings(), coordinator, name, sliceSize: 3);
    }

    [Fact]
    public async Task A_step_applies_the_mean_of_every_contributor_once_the_last_arrives()
    {
        var store = StartStore();
        await store.InitAsync("w", [10, 10, 10, 10, 10]);

        // A pull for version 1 waits until both contributors pushed step 0.
        var early = store.PullAtVersionAsync("w", 5, version: 1);
        await store.PushAtStepAsync("w", new float[] { 1, 2, 3, 4, 5 }, "sgd(1)", step: 0, contributors: 2);
        Assert.False(early.IsCompleted);
        Assert.Equal(new float[] { 10, 10, 10, 10, 10 }, await store.PullAtVersionAsync("w", 5, version: 0));
        await store.PushAtStepAsync("w", new float[] { 3, 2, 1, 0, -1 }, "sgd(1)", step: 0, contributors: 2);
        Assert.Equal(new float[] { 8, 8, 8, 8, 8 }, await early);

        var repeated = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.PushAtStepAsync("w", new float[5], "sgd(1)", step: 0, contributors: 2));
        Assert.Contains("is at step 1", repeated.Message);
    }

    [Fact]
    public async Task A_contributor_pushing_again_is_ignored_for_the_open_step_and_for_completed_steps()
    {
        var store = StartStore();
        await store.InitAsync("w", [10, 10, 10, 10]);
        await store.PushAtStepAsync("w", new float[] { 2, 2, 2, 2 }, "sgd(1)", step: 0, contributors: 2, contributor: 0);
        // Contributor 0 again (a task run a second time): not counted, so the step still waits for contributor 1.
        await store.PushAtStepAsync("w", new float[] { 100, 100, 100, 100 }, "sgd(1)", step: 0, contributors: 2, contributor: 0);
        var pending = store.PullAtVersionAsync("w", 4, version: 1);
        Assert.False(pending.IsCompleted);
        await store.PushAtStepAsync("w", new float[] { 4, 4, 4, 4 }, "sgd(1)", step: 0, contributors: 2, contributor: 1);
        Assert.Equal(new float[] { 7, 7, 7, 7 }, await pending);

        // A late repeat of a completed step changes nothing; an anonymous one is still refused.
        await store.PushAtStepAsync("w", new float[] { 50, 50, 50, 50 }, "sgd(1)", step: 0, contributors: 2, contributor: 1);
        Assert.Equal(new float[] { 7, 7, 7, 7 }, await store.PullAsync("w"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.PushAtStepAsync("w", new float[4], "sgd(1)", step: 0, contributors: 2));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.PushAtStepAsync("w", new float[4], "sgd(1)", step: 1, contributors: 2, contributor: 2));
    }

    [Fact]
    public async Task A_removed_key_is_gone_from_its_slices_and_from_snapshots()
    {
        var store = StartStore();
        await store.InitAsync("keep", [1, 2]);
        await store.InitAsync("drop", [1, 2, 3, 4, 5, 6, 7]);
        await store.RemoveAsync("drop", 7);
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => store.PullAsync("drop"));
        Assert.Contains("'drop'", error.Message);
        Assert.Equal(["keep"], (await store.SnapshotAsync()).Keys);
        await store.InitAsync("drop", [9]);
        Assert.Equal(new float[] { 9 }, await store.PullAsync("drop"));
    }

    [Fact]
    public async Task Momentum_keeps_its_history_per_slice_and_restarts_it_on_initialization()
    {
        var store = StartStore();
        await store.InitAsync("w", [0, 0, 0, 0]);
        await store.PushAsync("w", new float[] { 1, 1, 1, 1 }, "momentum(0.5)"); // h = 1, w = -1
        await store.PushAsync("w", new float[] { 1, 1, 1, 1 }, "momentum(0.5)"); // h = 1.5, w = -2.5
        Assert.Equal(new float[] { -2.5f, -2.5f, -2.5f, -2.5f }, await store.PullAsync("w"));

        await store.InitAsync("w", [0, 0, 0, 0]);
        await store.PushAsync("w", new float[] { 2, 2, 2, 2 }, "momentum(0.5)");  // fresh history: h = 2
        Assert.Equal(new float[] { -2, -2, -2, -2 }, await store.PullAsync("w"));
    }

    [Fact]
    public async Task A_momentum_history_read_out_and_initialized_again_continues_as_if_never_interrupted()
    {
        var store = StartStore();
        await store.InitAsync("w", [0, 0, 0, 0, 0]);
        Assert.Equal(new float[5], await store.PullRuleStateAsync("w", 5)); // no stateful rule ran yet: zeros
        await store.PushAsync("w", new float[] { 1, 2, 3, 4, 5 }, "momentum(0.5)"); // h = d, w = -d
        var history = await store.PullRuleStateAsync("w", 5);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5 }, history);

        // A checkpoint (value + history) restored into a fresh key: the next step uses the saved history.
        await store.InitAsync("v", await store.PullAsync("w"), history);
        await store.PushAsync("v", new float[] { 2, 2, 2, 2, 2 }, "momentum(0.5)"); // h = 0.5 h + 2, w -= h
        Assert.Equal(new float[] { -3.5f, -5, -6.5f, -8, -9.5f }, await store.PullAsync("v"));
        Assert.Equal(new float[] { 2.5f, 3, 3.5f, 4, 4.5f }, await store.PullRuleStateAsync("v", 5));

        var mismatched = await Assert.ThrowsAsync<ArgumentException>(() => store.InitAsync("x", [1, 2], new float[3]));
        Assert.Contains("rule state has 3 floats", mismatched.Message);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.PullRuleStateAsync("missing", 5));
    }

    [Fact]
    public async Task A_synchronous_run_of_steps_is_sgd_with_momentum_on_the_mean_delta()
    {
        var store = StartStore();
        float[] expected = [1, 2, 3, 4, 5, 6, 7];
        float[] history = new float[7];
        await store.InitAsync("w", (float[])expected.Clone());
        for (long step = 0; step < 4; step++)
        {
            var deltas = Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, 7).Select(i => (c + 1) * 0.1f * (i - step)).ToArray()).ToArray();
            await Task.WhenAll(deltas.Select(d => store.PushAtStepAsync("w", d, "momentum(0.9)", step, contributors: 3)));
            for (int i = 0; i < 7; i++)
            {
                history[i] = history[i] * 0.9f + deltas.Average(d => d[i]);
                expected[i] -= history[i];
            }
            var pulled = await store.PullAtVersionAsync("w", 7, step + 1);
            for (int i = 0; i < 7; i++) Assert.Equal(expected[i], pulled[i], 1e-5f);
        }
    }
}
