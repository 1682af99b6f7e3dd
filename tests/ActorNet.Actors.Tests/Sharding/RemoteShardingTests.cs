using ActorNet.Actors.Sharding;
using ActorNet.Actors.Tests.Remote;
using ActorNet.TestKit;
using static ActorNet.Actors.Tests.Sharding.ShardingTestSupport;

namespace ActorNet.Actors.Tests.Sharding;

/// <summary>Two actor systems joined by remoting over 127.0.0.1 (port 0) stand for two nodes.</summary>
public sealed class RemoteShardingTests : RemoteTestBase
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    private static async Task<IActorRef> Resolve(ActorSystem from, ActorSystem owner, string path) =>
        await from.ActorSelection($"{owner.Address}{path}").ResolveOne(TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Entities_move_to_the_surviving_node_when_a_node_is_lost()
    {
        var a = NewSystem("a");
        var b = NewSystem("b");
        var probe = new TestProbe(a, "probe") { DefaultTimeout = Long };
        var coordinator = a.ActorOf(ShardCoordinator.Props("counter", Settings()), "coordinator");
        var ra = ShardRegion.Start(a, "counter", Props.Create(() => new QuickStopEntity(probe.Ref)), new ExplicitShardExtractor(),
            Settings(), coordinator, "stop", "ra");
        var probeFromB = await Resolve(b, a, "/user/probe");
        var coordinatorFromB = await Resolve(b, a, "/user/coordinator");
        ShardRegion.Start(b, "counter", Props.Create(() => new QuickStopEntity(probeFromB)), new ExplicitShardExtractor(),
            Settings(), coordinatorFromB, "stop", "rb");
        TestProbe.AwaitCondition(() => Allocations(coordinator).Regions.Count == 2, Long);

        var shards = new[] { "s0", "s1", "s2", "s3" };
        foreach (var shard in shards) ra.Tell(new ToEntity(shard, "e" + shard, "hello"));
        var before = shards.Select(_ => probe.ExpectMsg<Seen>()).ToArray();
        Assert.Equal(2, before.Count(s => s.Region == "rb"));

        await b.Remote!.StopAsync(); // the node vanishes: only the lost connection tells
        TestProbe.AwaitCondition(() => Allocations(coordinator).Regions.Count == 1
            && !HomesKnownBy(ra).Values.Any(r => r.Path.Address.Equals(b.Address)), Long);

        foreach (var shard in shards) ra.Tell(new ToEntity(shard, "e" + shard, "again"));
        var after = shards.Select(_ => probe.ExpectMsg<Seen>()).ToArray();
        Assert.All(after, s => Assert.Equal("ra", s.Region));
    }

    [Fact]
    public async Task The_vector_store_works_across_nodes_and_keeps_values_when_a_node_leaves_gracefully()
    {
        var a = NewSystem("a");
        var b = NewSystem("b");
        var coordinator = a.ActorOf(ShardCoordinator.Props(ShardedVectorStore.TypeName, Settings()), "coordinator");
        var storeA = ShardedVectorStore.Start(a, settings: Settings(), coordinator: coordinator, regionName: "na", sliceSize: 1000);
        var storeB = ShardedVectorStore.Start(b, settings: Settings(), coordinator: await Resolve(b, a, "/user/coordinator"), regionName: "nb", sliceSize: 1000);
        TestProbe.AwaitCondition(() => Allocations(coordinator).Regions.Count == 2, Long);

        var initial = Enumerable.Range(0, 10_000).Select(i => (float)i).ToArray();
        await storeB.InitAsync("w", initial);
        await storeB.PushAsync("w", Enumerable.Repeat(2f, 10_000).ToArray(), "sgd(0.25)");
        var expected = initial.Select(x => x - 0.5f).ToArray();
        Assert.Equal(expected, await storeA.PullAsync("w"));
        Assert.NotEmpty(HostedBy(storeB.Region));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => storeA.PushAsync("w", initial, "nope"));
        Assert.Contains("unknown update rule 'nope'", unknown.Message);

        var leaving = new TestProbe(b);
        leaving.Watch(storeB.Region);
        storeB.Region.Tell(GracefulShutdown.Instance);
        leaving.ExpectTerminated(storeB.Region, Long);

        Assert.Equal(expected, await storeA.PullAsync("w")); // every slice came over with its value
        Assert.Equal(["w"], (await storeA.SnapshotAsync()).Keys);
    }

    [Fact]
    public async Task Synchronous_steps_across_nodes_stay_exact_round_after_round_while_arrays_are_reused()
    {
        // Slices of 20,000 floats travel as raw tails into pooled arrays; every round pushes new values from both nodes
        // and pulls into the same destinations, so an array reused while still read would show up as a wrong value.
        var a = NewSystem("a");
        var b = NewSystem("b");
        var coordinator = a.ActorOf(ShardCoordinator.Props(ShardedVectorStore.TypeName, Settings()), "coordinator");
        var storeA = ShardedVectorStore.Start(a, settings: Settings(), coordinator: coordinator, regionName: "na", sliceSize: 20_000);
        var storeB = ShardedVectorStore.Start(b, settings: Settings(), coordinator: await Resolve(b, a, "/user/coordinator"), regionName: "nb", sliceSize: 20_000);
        TestProbe.AwaitCondition(() => Allocations(coordinator).Regions.Count == 2, Long);

        const int length = 100_000;
        await storeA.InitAsync("avg", Expected(length, 0));
        Assert.NotEmpty(HostedBy(storeA.Region));
        Assert.NotEmpty(HostedBy(storeB.Region));
        var pulledA = new float[length];
        var pulledB = new float[length];
        var pushA = new float[length];
        var pushB = new float[length];
        for (int round = 0; round < 8; round++)
        {
            await Task.WhenAll(storeA.PullAtVersionAsync("avg", pulledA, round), storeB.PullAtVersionAsync("avg", pulledB, round));
            Assert.Equal(Expected(length, round), pulledA);
            Assert.Equal(Expected(length, round), pulledB);
            // The mean of w + 1 and w + 3 is w + 2, exactly: the next round expects its base value plus 2.
            for (int i = 0; i < length; i++)
            {
                pushA[i] = pulledA[i] + 1;
                pushB[i] = pulledB[i] + 3;
            }
            await Task.WhenAll(storeA.PushAtStepAsync("avg", pushA, "assign", round, contributors: 2, contributor: 0),
                storeB.PushAtStepAsync("avg", pushB, "assign", round, contributors: 2, contributor: 1));
        }
        Assert.Equal(Expected(length, 8), await storeB.PullAtVersionAsync("avg", length, 8));
    }

    // The vector after `round` averaging steps that each add 2: (i % 1000) / 4 + 2·round.
    private static float[] Expected(int length, int round) => Enumerable.Range(0, length).Select(i => (i % 1000) * 0.25f + 2 * round).ToArray();
}
