using ActorNet.Actors.Sharding;
using ActorNet.TestKit;
using static ActorNet.Actors.Tests.Sharding.ShardingTestSupport;

namespace ActorNet.Actors.Tests.Sharding;

/// <summary>Several regions in one system stand for several nodes; the coordinator is started explicitly.</summary>
public sealed class ShardCoordinatorTests() : TestKit.TestKit(time: new FakeTimeProvider())
{
    private IActorRef StartCoordinator(int maxSimultaneous = 3) =>
        Sys.ActorOf(ShardCoordinator.Props("counter", Settings(maxSimultaneous: maxSimultaneous)), "coordinator");

    private IActorRef StartRegion(string name, IActorRef coordinator) =>
        ShardRegion.Start(Sys, "counter", Props.Create(() => new QuickStopEntity(TestActor.Ref)), new ExplicitShardExtractor(),
            Settings(), coordinator, handOffStopMessage: "stop", regionName: name);

    /// <summary>Sends one message to entity "e{shard}" of each shard and returns what each reported, by shard.</summary>
    private Dictionary<string, Seen> Touch(IActorRef via, IEnumerable<string> shards)
    {
        var list = shards.ToList();
        foreach (var shard in list) via.Tell(new ToEntity(shard, "e" + shard, "hello"));
        return list.Select(_ => ExpectMsg<Seen>()).ToDictionary(s => s.Entity[1..]);
    }

    [Fact]
    public void New_shards_spread_over_the_regions_least_loaded_first()
    {
        var coordinator = StartCoordinator();
        var regions = new[] { StartRegion("r1", coordinator), StartRegion("r2", coordinator), StartRegion("r3", coordinator) };
        AwaitRegions(coordinator, 3);

        var homes = Touch(regions[0], Enumerable.Range(0, 9).Select(i => $"s{i}"));

        Assert.Equal([3, 3, 3], homes.Values.GroupBy(s => s.Region).Select(g => g.Count()).ToArray());
        var allocations = Allocations(coordinator);
        foreach (var region in regions)
        {
            Assert.Equal(3, allocations.ShardsOf(region).Count);
            Assert.Equal(allocations.ShardsOf(region).ToHashSet(), HostedBy(region));
        }
    }

    [Fact]
    public void A_region_that_registers_later_receives_shards_at_the_next_rebalance()
    {
        var coordinator = StartCoordinator();
        var r1 = StartRegion("r1", coordinator);
        AwaitRegions(coordinator, 1);
        var shards = Enumerable.Range(0, 6).Select(i => $"s{i}").ToArray();
        Assert.All(Touch(r1, shards).Values, seen => Assert.Equal("r1", seen.Region));

        var r2 = StartRegion("r2", coordinator);
        AwaitRegions(coordinator, 2);
        Time!.Advance(TimeSpan.FromSeconds(10)); // one rebalance round: at most 3 shards move

        TestProbe.AwaitCondition(() => Allocations(coordinator).ShardsOf(r2).Count == 3, Wait, "three shards should move to r2");
        Assert.Equal(3, Allocations(coordinator).ShardsOf(r1).Count);
        var homes = Touch(r1, shards);
        Assert.Equal(Allocations(coordinator).ShardsOf(r2).ToHashSet(), homes.Where(h => h.Value.Region == "r2").Select(h => h.Key).ToHashSet());
        Assert.Equal(Allocations(coordinator).ShardsOf(r2).ToHashSet(), HostedBy(r2));
        // Every entity counts 2: the moved ones took their state (EntityHandOffState) with them.
        Assert.All(homes.Values, seen => Assert.Equal(2, seen.Count));
    }

    [Fact]
    public void The_shards_of_a_stopped_region_move_to_the_survivors()
    {
        var coordinator = StartCoordinator();
        var r1 = StartRegion("r1", coordinator);
        var r2 = StartRegion("r2", coordinator);
        var r3 = StartRegion("r3", coordinator);
        AwaitRegions(coordinator, 3);
        var shards = Enumerable.Range(0, 9).Select(i => $"s{i}").ToArray();
        var before = Touch(r1, shards);
        var lost = before.Where(h => h.Value.Region == "r2").Select(h => h.Key).ToArray();
        Assert.Equal(3, lost.Length);

        TestActor.Watch(r2);
        Sys.Stop(r2);
        TestActor.ExpectTerminated(r2);
        // Once the coordinator and the sending region have seen the death, nothing is routed to r2 any more.
        TestProbe.AwaitCondition(() => Allocations(coordinator).Regions.Count == 2 && !HomesKnownBy(r1).ContainsValue(r2), Wait);

        var after = Touch(r1, shards);
        Assert.DoesNotContain("r2", after.Values.Select(s => s.Region));
        Assert.Equal([4, 5], after.Values.GroupBy(s => s.Region).Select(g => g.Count()).Order().ToArray());
        foreach (var shard in shards)
        {
            // Survivors kept their shards and entities; the lost ones start afresh (no replication yet).
            if (lost.Contains(shard)) Assert.Equal(1, after[shard].Count);
            else Assert.Equal((before[shard].Region, 2), (after[shard].Region, after[shard].Count));
        }
    }

    [Fact]
    public void Messages_sent_while_no_region_can_host_wait_and_are_delivered_after_reallocation()
    {
        var coordinator = StartCoordinator();
        var r1 = StartRegion("r1", coordinator);
        var proxy = ShardRegion.StartProxy(Sys, "counter", new ExplicitShardExtractor(), Settings(), coordinator, "proxy");
        AwaitRegions(coordinator, 1);
        Assert.Equal("r1", Touch(proxy, ["s1"])["s1"].Region);

        TestActor.Watch(r1);
        Sys.Stop(r1);
        TestActor.ExpectTerminated(r1);
        TestProbe.AwaitCondition(() => Allocations(coordinator).Regions.Count == 0 && HomesKnownBy(proxy).Count == 0, Wait);

        for (int i = 1; i <= 5; i++) proxy.Tell(new ToEntity("s1", "e1", $"m{i}"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // held by the proxy: no region hosts s1 now
        StartRegion("r4", coordinator);

        for (int i = 1; i <= 5; i++) Assert.Equal(new Seen("e1", $"m{i}", i, "r4"), ExpectMsg<Seen>());
    }

    [Fact]
    public void A_region_leaving_gracefully_hands_its_shards_off_with_their_state_and_stops()
    {
        var coordinator = StartCoordinator();
        var r1 = StartRegion("r1", coordinator);
        var r2 = StartRegion("r2", coordinator);
        AwaitRegions(coordinator, 2);
        var shards = Enumerable.Range(0, 6).Select(i => $"s{i}").ToArray();
        Touch(r1, shards);

        TestActor.Watch(r2);
        r2.Tell(GracefulShutdown.Instance);
        TestActor.ExpectTerminated(r2);

        TestProbe.AwaitCondition(() => Allocations(coordinator).Regions.Count == 1, Wait);
        Assert.Equal(6, Allocations(coordinator).ShardsOf(r1).Count);
        foreach (var shard in shards) r1.Tell(new ToEntity(shard, "e" + shard, "again"));
        var seen = shards.Select(_ => ExpectMsg<Seen>()).ToArray();
        Assert.All(seen, s => Assert.Equal(("r1", 2), (s.Region, s.Count)));
    }

    [Fact]
    public async Task Two_actor_systems_act_as_two_nodes_and_the_survivor_takes_over_when_one_terminates()
    {
        var coordinator = StartCoordinator();
        var r1 = StartRegion("r1", coordinator);
        await using var node2 = ActorSystem.Create("node2");
        var r2 = ShardRegion.Start(node2, "counter", Props.Create(() => new QuickStopEntity(TestActor.Ref)), new ExplicitShardExtractor(),
            Settings(), coordinator, handOffStopMessage: "stop", regionName: "r2");
        AwaitRegions(coordinator, 2);
        var before = Touch(r1, ["s0", "s1", "s2", "s3"]);
        Assert.Equal(2, before.Values.Count(s => s.Region == "r2"));

        TestActor.Watch(r2);
        await node2.Terminate();
        TestActor.ExpectTerminated(r2);
        TestProbe.AwaitCondition(() => Allocations(coordinator).Regions.Count == 1 && !HomesKnownBy(r1).ContainsValue(r2), Wait);

        Assert.All(Touch(r1, ["s0", "s1", "s2", "s3"]).Values, s => Assert.Equal("r1", s.Region));
    }

    [Fact]
    public void A_new_coordinator_rebuilds_the_allocations_from_the_regions_reports()
    {
        var first = StartCoordinator();
        var r1 = StartRegion("r1", first);
        var r2 = StartRegion("r2", first);
        AwaitRegions(first, 2);
        var shards = Enumerable.Range(0, 6).Select(i => $"s{i}").ToArray();
        var before = Touch(r1, shards);
        var table = Allocations(first);

        TestActor.Watch(first);
        Sys.Stop(first);
        TestActor.ExpectTerminated(first);
        var second = Sys.ActorOf(ShardCoordinator.Props("counter", Settings()), "coordinator2");
        r1.Tell(new CoordinatorChanged(second));
        r2.Tell(new CoordinatorChanged(second));
        AwaitRegions(second, 2);

        TestProbe.AwaitCondition(() => Allocations(second).ShardsOf(r2).Count == 3, Wait);
        Assert.Equal(table.ShardsOf(r1).Order(), Allocations(second).ShardsOf(r1).Order());
        Assert.Equal(table.ShardsOf(r2).Order(), Allocations(second).ShardsOf(r2).Order());
        var after = Touch(r2, shards.Append("s6"));
        foreach (var shard in shards) Assert.Equal((before[shard].Region, 2), (after[shard].Region, after[shard].Count));
        Assert.Equal(1, after["s6"].Count); // a new shard is allocated by the new coordinator
    }

    /// <summary>
    /// Probes stand for two regions: "leaving" hosts s1 and leaves gracefully, "other" stays. Returns once the
    /// coordinator told "leaving" to hand s1 off (both acknowledged the BeginHandOff).
    /// </summary>
    private (IActorRef Coordinator, TestProbe Leaving, TestProbe Other) HandOffFromALeavingRegion()
    {
        var coordinator = StartCoordinator();
        var leaving = CreateTestProbe("leaving");
        var other = CreateTestProbe("other");
        leaving.Send(coordinator, new Register(leaving.Ref, ["s1"]));
        leaving.ExpectMsg<RegisterAck>();
        other.Send(coordinator, new Register(other.Ref, []));
        other.ExpectMsg<RegisterAck>();

        leaving.Send(coordinator, new GracefulShutdownRequest(leaving.Ref));
        foreach (var region in new[] { leaving, other })
        {
            Assert.Equal("s1", region.ExpectMsg<BeginHandOff>().ShardId);
            region.Reply(new BeginHandOffAck("s1"));
        }
        Assert.Equal("s1", leaving.ExpectMsg<HandOff>().ShardId);
        return (coordinator, leaving, other);
    }

    [Fact]
    public void A_report_that_a_leaving_region_is_gone_does_not_overtake_the_state_its_stopping_shard_hands_over()
    {
        var (coordinator, leaving, other) = HandOffFromALeavingRegion();
        // Across nodes the other region's report of the death (its own connection) can arrive before the
        // ShardStopped that the leaving region's shard sent just before the region stopped.
        other.Send(coordinator, new RemoveRegion(leaving.Ref));
        other.Send(coordinator, new GetShardHome("s1"));
        var state = new CarriedEntityMessage("e1", new RestoreCount(7), ActorRefs.NoSender);
        leaving.Send(coordinator, new ShardStopped("s1", [state]));

        var host = other.ExpectMsg<HostShard>();
        Assert.Equal("s1", host.ShardId);
        Assert.Equal([state], host.Carried);
        Assert.Equal(new ShardHome("s1", other.Ref), other.ExpectMsg<ShardHome>());
        Assert.Equal(["s1"], Allocations(coordinator).ShardsOf(other.Ref));
    }

    [Fact]
    public void A_shard_waiting_for_a_gone_region_is_allocated_afresh_once_the_coordinators_own_watch_sees_the_death()
    {
        var (coordinator, leaving, other) = HandOffFromALeavingRegion();
        other.Send(coordinator, new RemoveRegion(leaving.Ref));
        other.Send(coordinator, new GetShardHome("s1"));

        // The region stops without its shard reporting (its node went down): the coordinator's own watch tells.
        Sys.Stop(leaving.Ref);
        Assert.Equal("s1", other.ExpectMsg<HostShard>(h => h.Carried.Count == 0).ShardId);
        Assert.Equal(new ShardHome("s1", other.Ref), other.ExpectMsg<ShardHome>());
    }

    [Fact]
    public void A_shard_waiting_for_a_gone_region_is_allocated_afresh_at_the_handoff_timeout()
    {
        var (coordinator, leaving, other) = HandOffFromALeavingRegion();
        other.Send(coordinator, new RemoveRegion(leaving.Ref));
        other.Send(coordinator, new GetShardHome("s1"));
        Assert.Empty(Allocations(coordinator).ShardsOf(other.Ref)); // still waiting for the ShardStopped

        Time!.Advance(TimeSpan.FromSeconds(120)); // twice the handoff-timeout
        Assert.Equal("s1", other.ExpectMsg<HostShard>(h => h.Carried.Count == 0).ShardId);
        Assert.Equal(new ShardHome("s1", other.Ref), other.ExpectMsg<ShardHome>());
    }
}
