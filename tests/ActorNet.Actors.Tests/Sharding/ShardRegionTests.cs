using ActorNet.Actors.Sharding;
using ActorNet.TestKit;
using static ActorNet.Actors.Tests.Sharding.ShardingTestSupport;

namespace ActorNet.Actors.Tests.Sharding;

public sealed class ShardRegionTests() : TestKit.TestKit(time: new FakeTimeProvider())
{
    private IActorRef StartCoordinator() => Sys.ActorOf(ShardCoordinator.Props("counter", Settings()), "coordinator");

    private IActorRef StartRegion(string name, IActorRef coordinator, ClusterShardingSettings? settings = null, bool quickStop = true) =>
        ShardRegion.Start(Sys, "counter",
            quickStop ? Props.Create(() => new QuickStopEntity(TestActor.Ref)) : Props.Create(() => new CountingEntity(TestActor.Ref)),
            new ExplicitShardExtractor(), settings ?? Settings(), coordinator, handOffStopMessage: "stop", regionName: name);

    [Fact]
    public void A_handoff_buffers_messages_and_delivers_them_in_order_at_the_new_home()
    {
        var coordinator = StartCoordinator();
        var r1 = StartRegion("r1", coordinator);
        AwaitRegions(coordinator, 1);
        r1.Tell(new ToEntity("a", "e1", "m1"));
        r1.Tell(new ToEntity("b", "e2", "x"));
        ExpectMsg<Seen>();
        ExpectMsg<Seen>();
        StartRegion("r2", coordinator);
        AwaitRegions(coordinator, 2);

        Time!.Advance(TimeSpan.FromSeconds(10)); // r1 hosts 2, r2 none: shard "a" moves
        for (int i = 2; i <= 40; i++) r1.Tell(new ToEntity("a", "e1", $"m{i}")); // while it moves

        var seen = Enumerable.Range(2, 39).Select(_ => ExpectMsg<Seen>()).ToArray();
        Assert.Equal(Enumerable.Range(2, 39).Select(i => $"m{i}"), seen.Select(s => s.Payload));
        Assert.Equal(Enumerable.Range(2, 39), seen.Select(s => s.Count)); // one count across both homes
        TestProbe.AwaitCondition(() => HostedBy(r1).SetEquals(["b"]), Wait);
        r1.Tell(new ToEntity("a", "e1", "last"));
        Assert.Equal(new Seen("e1", "last", 41, "r2"), ExpectMsg<Seen>());
    }

    [Fact]
    public void Messages_for_a_passivating_entity_are_buffered_and_delivered_to_its_next_incarnation()
    {
        var coordinator = StartCoordinator();
        var region = StartRegion("r1", coordinator, quickStop: false);
        region.Tell(new ToEntity("s", "e1", "one"));
        Assert.Equal(new Seen("e1", "one", 1, "r1"), ExpectMsg<Seen>());

        region.Tell(new ToEntity("s", "e1", "passivate"));
        ExpectMsg("stopping e1"); // the shard sent the stop message: from now on it buffers for e1
        var entity = TestActor.LastSender;
        region.Tell(new ToEntity("s", "e1", "two"));
        region.Tell(new ToEntity("s", "e1", "three"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        TestActor.Watch(entity);
        entity.Tell("stop-now");
        TestActor.ExpectTerminated(entity);
        // The entity left its count behind, so the next incarnation goes on counting.
        Assert.Equal(new Seen("e1", "two", 2, "r1"), ExpectMsg<Seen>());
        Assert.Equal(new Seen("e1", "three", 3, "r1"), ExpectMsg<Seen>());
    }

    [Fact]
    public void Idle_entities_are_passivated_after_passivate_idle_after()
    {
        var stopped = CreateTestProbe();
        Sys.EventStream.Subscribe(stopped.Ref, typeof(string));
        var coordinator = StartCoordinator();
        var region = StartRegion("r1", coordinator, Settings(passivateIdleAfter: TimeSpan.FromSeconds(30)), quickStop: false);
        region.Tell(new ToEntity("s", "e1", "one"));
        ExpectMsg<Seen>();

        Time!.Advance(TimeSpan.FromSeconds(15));
        stopped.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Time.Advance(TimeSpan.FromSeconds(15));
        ExpectMsg("stopping e1"); // the idle entity got the hand-off stop message
        TestActor.LastSender.Tell("stop-now");
        stopped.ExpectMsg("entity e1 stopped");

        region.Tell(new ToEntity("s", "e1", "two"));
        Assert.Equal(new Seen("e1", "two", 2, "r1"), ExpectMsg<Seen>());
    }

    [Fact]
    public void A_proxy_routes_to_hosting_regions_and_hosts_nothing()
    {
        var coordinator = StartCoordinator();
        var r1 = StartRegion("r1", coordinator);
        var proxy = ShardRegion.StartProxy(Sys, "counter", new ExplicitShardExtractor(), Settings(), coordinator, "proxy");
        AwaitRegions(coordinator, 1);

        foreach (var shard in new[] { "a", "b", "c" }) proxy.Tell(new ToEntity(shard, "e" + shard, "via proxy"));
        var seen = new[] { ExpectMsg<Seen>(), ExpectMsg<Seen>(), ExpectMsg<Seen>() };

        Assert.All(seen, s => Assert.Equal("r1", s.Region));
        Assert.Empty(HostedBy(proxy));
        Assert.Equal(["a", "b", "c"], HostedBy(r1).Order());
        Assert.Single(Allocations(coordinator).Regions);
    }

    [Fact]
    public void A_full_buffer_sends_further_messages_to_dead_letters()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var coordinator = StartCoordinator();
        var proxy = ShardRegion.StartProxy(Sys, "counter", new ExplicitShardExtractor(), Settings(bufferSize: 2), coordinator, "proxy");

        proxy.Tell(new ToEntity("a", "e1", "kept 1"));
        proxy.Tell(new ToEntity("b", "e2", "kept 2"));
        proxy.Tell(new ToEntity("a", "e1", "dropped"));
        Assert.Equal(new ToEntity("a", "e1", "dropped"), deadLetters.ExpectMsg<DeadLetter>().Message);

        StartRegion("r1", coordinator);
        var payloads = new[] { ExpectMsg<Seen>(), ExpectMsg<Seen>() }.Select(s => s.Payload).Order();
        Assert.Equal(["kept 1", "kept 2"], payloads);
    }

    [Fact]
    public void A_message_the_extractor_cannot_place_goes_to_dead_letters()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var region = StartRegion("r1", StartCoordinator());
        region.Tell(42);
        Assert.Equal(42, deadLetters.ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void Start_without_a_coordinator_uses_one_per_type_in_the_system()
    {
        var extractor = HashCodeMessageExtractor.Create(10, m => (m as ToEntity)?.EntityId, m => ((ToEntity)m).Payload);
        var r1 = ShardRegion.Start(Sys, "auto", Props.Create(() => new QuickStopEntity(TestActor.Ref)), extractor, Settings(), regionName: "auto1");
        var r2 = ShardRegion.Start(Sys, "auto", Props.Create(() => new QuickStopEntity(TestActor.Ref)), extractor, Settings(), regionName: "auto2");
        var coordinator = ShardRegion.DefaultCoordinator(Sys, "auto");
        AwaitRegions(coordinator, 2);
        for (int i = 0; i < 20; i++) r2.Tell(new ToEntity("ignored", $"k{i}", "hi"));
        var regions = Enumerable.Range(0, 20).Select(_ => ExpectMsg<Seen>().Region).ToHashSet();
        Assert.Equal(["auto1", "auto2"], regions.Order());
    }

    [Fact]
    public void Entities_that_ignore_the_hand_off_stop_message_are_stopped_at_the_handoff_timeout_and_the_shard_moves()
    {
        var coordinator = StartCoordinator();
        var r1 = StartRegion("r1", coordinator, quickStop: false); // CountingEntity only reports "stop"
        AwaitRegions(coordinator, 1);
        r1.Tell(new ToEntity("a", "e1", "m1"));
        r1.Tell(new ToEntity("b", "e2", "x"));
        ExpectMsg<Seen>();
        ExpectMsg<Seen>();
        StartRegion("r2", coordinator, quickStop: false);
        AwaitRegions(coordinator, 2);

        Time!.Advance(TimeSpan.FromSeconds(10));
        ExpectMsg("stopping e1"); // it saved its count but keeps running
        r1.Tell(new ToEntity("a", "e1", "m2"));
        r1.Tell(new ToEntity("a", "e1", "m3"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Time.Advance(TimeSpan.FromSeconds(60)); // handoff-timeout: the shard stops e1 itself
        Assert.Equal(new Seen("e1", "m2", 2, "r2"), ExpectMsg<Seen>());
        Assert.Equal(new Seen("e1", "m3", 3, "r2"), ExpectMsg<Seen>());
    }

    /// <summary>A region talking to a probe that plays its coordinator, hosting shard "s" with entity e1 (count 1).</summary>
    private (IActorRef Region, TestProbe Coordinator) RegionHostingOneShard()
    {
        var coordinator = CreateTestProbe("coordinator");
        var region = StartRegion("r1", coordinator.Ref);
        coordinator.ExpectMsg<Register>();
        coordinator.Reply(new RegisterAck(coordinator.Ref));
        region.Tell(new ToEntity("s", "e1", "m1"));
        Assert.Equal("s", coordinator.ExpectMsg<GetShardHome>().ShardId);
        coordinator.Send(region, new HostShard("s", []));
        coordinator.Send(region, new ShardHome("s", region));
        Assert.Equal(new Seen("e1", "m1", 1, "r1"), ExpectMsg<Seen>());
        return (region, coordinator);
    }

    [Fact]
    public void Messages_reaching_the_owner_between_BeginHandOff_and_HandOff_go_to_its_entities_and_move_with_their_state()
    {
        var (region, coordinator) = RegionHostingOneShard();
        coordinator.Send(region, new BeginHandOff("s"));
        coordinator.ExpectMsg(new BeginHandOffAck("s"));

        // E.g. sent by another region before it acknowledged: the shard still lives here, so its entity gets them.
        region.Tell(new ToEntity("s", "e1", "m2"));
        region.Tell(new ToEntity("s", "e1", "m3"));
        Assert.Equal(new Seen("e1", "m2", 2, "r1"), ExpectMsg<Seen>());
        Assert.Equal(new Seen("e1", "m3", 3, "r1"), ExpectMsg<Seen>());

        coordinator.Send(region, new HandOff("s"));
        var stopped = coordinator.ExpectMsg<ShardStopped>();
        Assert.Equal([new RestoreCount(3)], stopped.Carried.Select(c => c.Message));
    }

    [Fact]
    public void A_leaving_region_sends_what_reached_it_after_the_handoff_on_to_the_new_home_before_it_stops()
    {
        var (region, coordinator) = RegionHostingOneShard();
        var newHome = CreateTestProbe("new-home");
        TestActor.Watch(region);
        region.Tell(GracefulShutdown.Instance);
        coordinator.ExpectMsg<GracefulShutdownRequest>();
        coordinator.Send(region, new BeginHandOff("s"));
        coordinator.ExpectMsg(new BeginHandOffAck("s"));
        coordinator.Send(region, new HandOff("s"));
        region.Tell(new ToEntity("s", "e1", "late")); // the shard stops: this one waits for the new home
        var asked = new[] { coordinator.ReceiveOne(), coordinator.ReceiveOne() }; // from the shard and the region, in either order
        Assert.Contains(asked, m => m is ShardStopped);
        Assert.Contains(new GetShardHome("s"), asked);

        coordinator.Send(region, new ShardHome("s", newHome.Ref));
        Assert.Equal(new ToEntity("s", "e1", "late"), newHome.ExpectMsg<ToEntity>());
        TestActor.ExpectTerminated(region);
    }
}
