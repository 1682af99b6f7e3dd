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
}
