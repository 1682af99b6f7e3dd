using ActorNet.Actors.Sharding;
using ActorNet.TestKit;
using static ActorNet.Actors.Tests.Sharding.ShardingTestSupport;

namespace ActorNet.Actors.Tests.Sharding;

public sealed class ShardedVectorStoreTests() : TestKit.TestKit(time: new FakeTimeProvider())
{
    private readonly VectorUpdateRegistry _updates = new();

    private IActorRef StartCoordinator() => Sys.ActorOf(ShardCoordinator.Props(ShardedVectorStore.TypeName, Settings()), "coordinator");

    private ShardedVectorStore StartNode(string name, IActorRef coordinator) =>
        ShardedVectorStore.Start(Sys, _updates, Settings(), coordinator, name, sliceSize: 3);

    private static float[] Range(int n, float scale = 1) => Enumerable.Range(0, n).Select(i => i * scale).ToArray();

    [Fact]
    public async Task Push_and_pull_do_the_arithmetic_over_slices_spread_across_three_regions()
    {
        var coordinator = StartCoordinator();
        var store = StartNode("n1", coordinator);
        var n2 = StartNode("n2", coordinator);
        var n3 = StartNode("n3", coordinator);
        AwaitRegions(coordinator, 3);

        await store.InitAsync("w", Range(10));                        // 4 slices: 3 + 3 + 3 + 1
        await store.PushAsync("w", Enumerable.Repeat(1f, 10).ToArray()); // add
        await n2.PushAsync("w", Range(10, 2), "sgd(0.5)");              // w -= 0.5 * 2i
        Assert.Equal(Enumerable.Repeat(1f, 10), await n3.PullAsync("w"));

        await store.PushAsync("w", Range(10), "assign");
        Assert.Equal(Range(10), await store.PullAsync("w"));
        foreach (var region in new[] { store.Region, n2.Region, n3.Region })
            Assert.NotEmpty(HostedBy(region)); // the slices (and the catalog) spread over every region
    }

    [Fact]
    public async Task A_registered_rule_is_applied_where_the_slice_lives()
    {
        _updates.Register("max", new ElementMax());
        var coordinator = StartCoordinator();
        var store = StartNode("n1", coordinator);
        await store.InitAsync("v", [1, 5, 2, 8, 0]);
        await store.PushAsync("v", new float[] { 3, 3, 3, 3, 3 }, "max");
        Assert.Equal(new float[] { 3, 5, 3, 8, 3 }, await store.PullAsync("v"));
    }

    [Fact]
    public async Task Bad_pushes_and_pulls_fail_with_errors_that_name_the_problem()
    {
        var coordinator = StartCoordinator();
        var store = StartNode("n1", coordinator);
        await store.InitAsync("v", Range(5));

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => store.PushAsync("v", Range(5), "adam"));
        Assert.Contains("unknown update rule 'adam'", unknown.Message);
        var badArgument = await Assert.ThrowsAsync<ArgumentException>(() => store.PushAsync("v", Range(5), "sgd(fast)"));
        Assert.Contains("sgd", badArgument.Message);
        var shortDelta = await Assert.ThrowsAsync<ArgumentException>(() => store.PushAsync("v", Range(4)));
        Assert.Contains("push to 'v': the delta has 4 floats but the vector has 5", shortDelta.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => store.PushAsync("v", Range(7)));
        var missing = await Assert.ThrowsAsync<KeyNotFoundException>(() => store.PullAsync("nothing"));
        Assert.Contains("'nothing' slice 0 is not initialized", missing.Message);
        Assert.Equal(Range(5), await store.PullAsync("v")); // nothing was applied by the failed pushes
    }

    [Fact]
    public async Task A_slice_handed_out_in_a_reply_is_never_changed_by_later_updates()
    {
        var coordinator = StartCoordinator();
        var store = StartNode("n1", coordinator);
        var init = Range(3);
        await store.InitAsync("c", init);
        var before = (await store.Region.Ask<SliceValue>(new PullSlice("c", 0), TimeSpan.FromSeconds(5))).Value;
        await store.PushAsync("c", new float[] { 1, 1, 1 });                 // add: works on a copy of the shared value
        await store.PushAtStepAsync("c", new float[] { 5, 5, 5 }, "assign", step: 0, contributors: 1);
        await store.PushAsync("c", new float[] { 1, 1, 1 }, "sgd(1)");
        Assert.Equal(new float[] { 0, 1, 2 }, before.ToArray());                      // the reply's array kept its values
        Assert.Equal(new float[] { 4, 4, 4 }, await store.PullAsync("c"));
        Assert.Equal(Range(3), init);                                          // and so did the caller's
    }

    [Fact]
    public async Task A_pull_notices_when_the_key_was_initialized_again_with_another_length()
    {
        var coordinator = StartCoordinator();
        var store = StartNode("n1", coordinator);
        var other = StartNode("n2", coordinator);
        await store.InitAsync("k", Range(10));
        Assert.Equal(Range(10), await store.PullAsync("k"));  // the client now knows the length
        await other.InitAsync("k", Range(4, 2));               // shorter: slices 2 and 3 are left from the old value
        Assert.Equal(Range(4, 2), await store.PullAsync("k"));
        await other.InitAsync("k", Range(11, 3));              // longer
        Assert.Equal(Range(11, 3), await store.PullAsync("k"));
        await other.RemoveAsync("k", 11);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.PullAsync("k"));
    }

    [Fact]
    public async Task Slices_keep_their_values_when_shards_are_rebalanced_to_a_new_region()
    {
        var coordinator = StartCoordinator();
        var store = StartNode("n1", coordinator);
        AwaitRegions(coordinator, 1);
        await store.InitAsync("w", Range(30));
        await store.PushAsync("w", Enumerable.Repeat(0.5f, 30).ToArray());
        var n2 = StartNode("n2", coordinator);
        AwaitRegions(coordinator, 2);

        Time!.Advance(TimeSpan.FromSeconds(10));
        TestProbe.AwaitCondition(() => HostedBy(n2.Region).Count == 3, Wait, "three shards should move to n2");

        Assert.Equal(Range(30).Select(x => x + 0.5f), await n2.PullAsync("w"));
    }

    [Fact]
    public async Task A_snapshot_restores_the_keys_lost_with_a_region()
    {
        var coordinator = StartCoordinator();
        var n1 = StartNode("n1", coordinator);
        var n2 = StartNode("n2", coordinator);
        AwaitRegions(coordinator, 2);
        await n1.InitAsync("a", Range(7));
        await n1.InitAsync("b", Range(4, -1));
        await n1.PushAsync("a", Range(7), "sgd(0.1)");
        var snapshot = await n1.SnapshotAsync();
        Assert.Equal(["a", "b"], snapshot.Keys.Order());
        Assert.Equal(Range(7).Select(x => x - 0.1f * x), snapshot["a"]);

        TestActor.Watch(n2.Region);
        Sys.Stop(n2.Region);
        TestActor.ExpectTerminated(n2.Region);
        TestProbe.AwaitCondition(() => Allocations(coordinator).Regions.Count == 1 && !HomesKnownBy(n1.Region).ContainsValue(n2.Region), Wait);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => n1.PullAsync("a")); // some of its slices lived on n2

        await n1.RestoreAsync(snapshot);
        Assert.Equal(snapshot["a"], await n1.PullAsync("a"));
        Assert.Equal(snapshot["b"], await n1.PullAsync("b"));
        Assert.Equal(["a", "b"], (await n1.SnapshotAsync()).Keys.Order());
    }

    [Fact]
    public void The_registry_refuses_malformed_names_and_rules()
    {
        Assert.Throws<ArgumentException>(() => _updates.Register("bad name", new ElementMax()));
        Assert.Throws<ArgumentException>(() => _updates.Resolve("sgd(0.1"));
        Assert.Throws<ArgumentException>(() => _updates.Resolve("add(2)"));
        Assert.IsType<ElementMax>(((Func<IVectorUpdate>)(() => { _updates.Register("max", new ElementMax()); return _updates.Resolve("max"); }))());
    }

    private sealed class ElementMax : IVectorUpdate
    {
        public void Apply(Span<float> value, ReadOnlySpan<float> delta)
        {
            for (int i = 0; i < value.Length; i++) value[i] = Math.Max(value[i], delta[i]);
        }
    }
}
