using ActorNet.Actors.Sharding;
using ActorNet.Actors.Tests.ClusterRuntime;
using ActorNet.TestKit;
using static ActorNet.Actors.Tests.Sharding.ShardingTestSupport;

namespace ActorNet.Actors.Tests.Sharding;

/// <summary>Counts the strings it receives and reports each with the node hosting it; "stop" leaves its count behind.</summary>
internal sealed class NodeCountingEntity : ReceiveActor
{
    private int _count;

    public NodeCountingEntity(IActorRef probe, string node)
    {
        Receive<RestoreCount>(r => _count = r.Count);
        Receive<string>(s => s == "stop", _ =>
        {
            Context.Parent.Tell(new EntityHandOffState(new RestoreCount(_count)));
            Context.Stop(Self);
        });
        Receive<string>(s =>
        {
            _count++;
            probe.Tell(new Seen(Self.Path.Name, s, _count, node));
        });
    }
}

/// <summary>Three in-process cluster nodes running <see cref="ClusterSharding"/> for one entity type.</summary>
public sealed class ClusterShardingTests : ClusterTestBase
{
    private static readonly string[] ShardIds = ["s0", "s1", "s2", "s3", "s4", "s5"];

    private static ClusterShardingSettings ClusterSettings() => Settings() with
    {
        RetryInterval = TimeSpan.FromMilliseconds(200),
        RebalanceInterval = TimeSpan.FromMinutes(10), // only the tested moves happen
        HandOffTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>
    /// Forms a 3-node cluster, starts a region on each and waits until all registered. The entities report
    /// to a probe on <c>Others[0]</c>, a node that does not run the coordinator; <c>Others[1]</c> is the third node.
    /// </summary>
    private async Task<(ActorSystem[] Nodes, IActorRef[] Regions, TestProbe Probe, IActorRef Coordinator, int Oldest, int[] Others)> StartShardedCluster()
    {
        // A crashed node (remoting stopped, system still running) waits this long on each send it cannot queue while it stops.
        var nodes = FormCluster(3, ("actornet:remote:handshake-timeout", "2s"));
        // The oldest member (the first moved Up, not always the first seed) runs the coordinator at the well-known path.
        var oldestAddress = Cluster.Get(nodes[0]).State.Members.Order(Member.AgeOrdering).First().Address;
        int oldest = Array.FindIndex(nodes, n => n.Address.Equals(oldestAddress));
        var others = Enumerable.Range(0, nodes.Length).Where(i => i != oldest).ToArray();
        var probe = new TestProbe(nodes[others[0]], "entities") { DefaultTimeout = Patience };
        var regions = new IActorRef[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
        {
            var probeRef = await nodes[i].ActorSelection($"{nodes[others[0]].Address}/user/entities").ResolveOne(Patience);
            var name = $"node{i}";
            regions[i] = ClusterSharding.Get(nodes[i]).Start("counter", Props.Create(() => new NodeCountingEntity(probeRef, name)),
                new ExplicitShardExtractor(), ClusterSettings(), handOffStopMessage: "stop");
        }
        IActorRef? coordinator = null;
        TestProbe.AwaitAssert(() => coordinator = nodes[0].ActorSelection($"{oldestAddress}/system/sharding-counter-singleton/coordinator")
            .ResolveOne(Patience).GetAwaiter().GetResult(), Patience, TimeSpan.FromMilliseconds(50));
        TestProbe.AwaitCondition(() => Allocations(coordinator!).Regions.Count == 3, Patience, "expected the 3 regions registered");
        foreach (var i in Enumerable.Range(0, nodes.Length).Where(i => i != oldest))
            await Assert.ThrowsAsync<ActorNotFoundException>(() =>
                nodes[i].ActorSelection($"{nodes[i].Address}/system/sharding-counter-singleton/coordinator").ResolveOne(Patience));
        return (nodes, regions, probe, coordinator!, oldest, others);
    }

    /// <summary>Sends one message to each shard's entity through <paramref name="region"/> and returns where each was seen.</summary>
    private static Dictionary<string, Seen> RoundTrip(IActorRef region, TestProbe probe, string payload)
    {
        foreach (var shard in ShardIds) region.Tell(new ToEntity(shard, "e" + shard, payload));
        return ShardIds.Select(_ => probe.ExpectMsg<Seen>(s => s.Payload == payload)).ToDictionary(s => s.Entity);
    }

    [Fact]
    public async Task Entities_of_a_crashed_node_come_back_on_the_survivors_with_messages_sent_while_it_was_removed()
    {
        var (nodes, regions, probe, _, _, others) = await StartShardedCluster();
        // A node that does not run the coordinator crashes; the two others send.
        int lostIndex = others[1];
        var survivors = Enumerable.Range(0, 3).Where(i => i != lostIndex).ToArray();
        string lostName = $"node{lostIndex}";
        var before = RoundTrip(regions[survivors[0]], probe, "hello");
        Assert.Equal(3, before.Values.Select(s => s.Region).Distinct().Count()); // least-shards spreads them over all nodes
        var onLost = before.Values.Where(s => s.Region == lostName).Select(s => s.Entity).ToArray();
        Assert.NotEmpty(onLost);

        var events = new TestProbe(nodes[survivors[1]]) { DefaultTimeout = Patience };
        Cluster.Get(nodes[survivors[1]]).Subscribe(events.Ref, typeof(UnreachableMember), typeof(MemberRemoved));
        events.ExpectMsg<CurrentClusterState>();
        var lost = nodes[lostIndex];
        await lost.Remote!.StopAsync().WaitAsync(Patience); // a crash: no leave, no hand-off

        events.FishForMessage<UnreachableMember>(m => m.Member.Address.Equals(lost.Address));
        // While the node is being downed and removed, from both survivors.
        foreach (var shard in ShardIds) regions[survivors[0]].Tell(new ToEntity(shard, "e" + shard, "meanwhile-0"));
        foreach (var shard in ShardIds) regions[survivors[1]].Tell(new ToEntity(shard, "e" + shard, "meanwhile-1"));
        var removed = events.FishForMessage<MemberRemoved>(m => m.Member.Address.Equals(lost.Address));
        Assert.Equal(MemberStatus.Down, removed.PreviousStatus);

        var meanwhile = new List<Seen>();
        try
        {
            while (meanwhile.Count < 2 * ShardIds.Length) meanwhile.Add(probe.ExpectMsg<Seen>(s => s.Payload.StartsWith("meanwhile", StringComparison.Ordinal)));
        }
        catch (TestKitAssertionException missing)
        {
            throw new TestKitAssertionException($"{missing.Message}; seen: {string.Join(", ", meanwhile)}");
        }
        Assert.All(meanwhile, s => Assert.NotEqual(lostName, s.Region));
        foreach (var entity in before.Keys)
            Assert.Equal(["meanwhile-0", "meanwhile-1"], meanwhile.Where(s => s.Entity == entity).Select(s => s.Payload).Order(StringComparer.Ordinal));

        var after = RoundTrip(regions[survivors[1]], probe, "after");
        Assert.All(after.Values, s => Assert.NotEqual(lostName, s.Region));
        // The entities of the lost node started afresh elsewhere; the others kept their state.
        foreach (var entity in onLost) Assert.Equal(3, after[entity].Count);
        foreach (var entity in before.Keys.Except(onLost)) Assert.Equal(4, after[entity].Count);
    }

    [Fact]
    public async Task A_node_leaving_gracefully_hands_its_shards_over_without_losing_a_message()
    {
        var (nodes, regions, probe, coordinator, oldest, others) = await StartShardedCluster();
        // A node that does not run the coordinator leaves; the coordinator's node sends.
        int leavingIndex = others[1];
        string leavingName = $"node{leavingIndex}";
        var sender = regions[oldest];
        var before = RoundTrip(sender, probe, "0");
        Assert.Contains(before.Values, s => s.Region == leavingName);

        var leaving = nodes[leavingIndex].Terminate(); // coordinated shutdown: hand-off first, then the cluster leave
        int sent = 1;
        while (!leaving.IsCompleted && sent < 2000)
        {
            foreach (var shard in ShardIds) sender.Tell(new ToEntity(shard, "e" + shard, sent.ToString()));
            sent++;
            await Task.Delay(5); // pacing, so the sends span the whole leave
        }
        await leaving.WaitAsync(Patience);
        foreach (var shard in ShardIds) sender.Tell(new ToEntity(shard, "e" + shard, sent.ToString()));
        sent++;

        // Every entity saw every message, in order, and its count went on across the move.
        var seen = Enumerable.Range(0, (sent - 1) * ShardIds.Length).Select(_ => probe.ExpectMsg<Seen>()).ToArray();
        foreach (var entity in before.Keys)
        {
            var mine = seen.Where(s => s.Entity == entity).ToArray();
            Assert.Equal(Enumerable.Range(1, sent - 1).Select(i => i.ToString()), mine.Select(s => s.Payload));
            Assert.Equal(Enumerable.Range(2, sent - 1), mine.Select(s => s.Count));
            Assert.NotEqual(leavingName, mine[^1].Region);
        }
        Assert.Equal(2, Allocations(coordinator).Regions.Count);
    }

    [Fact]
    public async Task A_node_stopping_with_its_whole_cluster_hands_nothing_off()
    {
        var (nodes, regions, probe, coordinator, oldest, others) = await StartShardedCluster();
        int stoppingIndex = others[1];
        string stoppingName = $"node{stoppingIndex}";
        var before = RoundTrip(regions[oldest], probe, "0");
        var onStopping = before.Values.Where(s => s.Region == stoppingName).Select(s => s.Entity).ToArray();
        Assert.NotEmpty(onStopping);

        // A local cluster's driver is gone, so every node stops: no hand-off (the node still leaves the cluster).
        await nodes[stoppingIndex].CoordinatedShutdown.Run(ShutdownReason.ClusterStopping).WaitAsync(Patience);
        TestProbe.AwaitCondition(() => Allocations(coordinator).Regions.Count == 2, Patience, "expected the stopped node's region gone");

        // Its entities start afresh elsewhere (a hand-off would have carried their counts on); the others keep theirs.
        var after = RoundTrip(regions[oldest], probe, "1");
        Assert.All(after.Values, s => Assert.NotEqual(stoppingName, s.Region));
        foreach (var entity in onStopping) Assert.Equal(1, after[entity].Count);
        foreach (var entity in before.Keys.Except(onStopping)) Assert.Equal(2, after[entity].Count);
    }

    [Fact]
    public async Task When_the_coordinator_node_crashes_a_survivor_takes_over_and_every_entity_is_reachable_again()
    {
        var (nodes, regions, probe, _, oldest, others) = await StartShardedCluster();
        string lostName = $"node{oldest}";
        var before = RoundTrip(regions[others[0]], probe, "hello");
        Assert.Contains(before.Values, s => s.Region == lostName);

        var events = new TestProbe(nodes[others[1]]) { DefaultTimeout = Patience };
        Cluster.Get(nodes[others[1]]).Subscribe(events.Ref, typeof(UnreachableMember), typeof(MemberRemoved));
        events.ExpectMsg<CurrentClusterState>();
        var lost = nodes[oldest];
        await lost.Remote!.StopAsync().WaitAsync(Patience); // the coordinator's node crashes

        events.FishForMessage<UnreachableMember>(m => m.Member.Address.Equals(lost.Address));
        foreach (var shard in ShardIds) regions[others[1]].Tell(new ToEntity(shard, "e" + shard, "meanwhile"));
        events.FishForMessage<MemberRemoved>(m => m.Member.Address.Equals(lost.Address));

        // The next oldest runs the coordinator now; the survivors re-registered with it.
        var meanwhile = ShardIds.Select(_ => probe.ExpectMsg<Seen>(s => s.Payload == "meanwhile")).ToArray();
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), meanwhile.Select(s => s.Entity).Order(StringComparer.Ordinal));
        Assert.All(meanwhile, s => Assert.NotEqual(lostName, s.Region));
        var after = RoundTrip(regions[others[0]], probe, "after");
        Assert.All(after.Values, s => Assert.NotEqual(lostName, s.Region));
        // The removal was observed on others[1]; others[0] may learn it a gossip round later (until then its
        // snapshot still lists the lost node as the oldest, and asking that node would wait for nobody).
        TestProbe.AwaitCondition(() => Cluster.Get(nodes[others[0]]).State.Members.All(m => !m.Address.Equals(lost.Address)), Patience,
            "the removal of the crashed node should reach every survivor");
        var successor = Cluster.Get(nodes[others[0]]).State.Members.Order(Member.AgeOrdering).First().Address;
        await nodes[others[0]].ActorSelection($"{successor}/system/sharding-counter-singleton/coordinator").ResolveOne(Patience);
    }

    [Fact]
    public async Task With_a_role_the_coordinator_runs_on_the_oldest_member_with_it_and_a_proxy_routes_to_the_regions()
    {
        // The first node has no role; the others are workers (see FormCluster).
        var nodes = FormCluster(3);
        var probe = new TestProbe(nodes[0], "entities") { DefaultTimeout = Patience };
        var proxy = ClusterSharding.Get(nodes[0]).StartProxy("counter", new ExplicitShardExtractor(), ClusterSettings(), role: "worker");
        Assert.Same(proxy, ClusterSharding.Get(nodes[0]).StartProxy("counter", new ExplicitShardExtractor(), ClusterSettings(), role: "worker"));
        for (int i = 1; i < nodes.Length; i++)
        {
            var probeRef = await nodes[i].ActorSelection($"{nodes[0].Address}/user/entities").ResolveOne(Patience);
            var name = $"node{i}";
            ClusterSharding.Get(nodes[i]).Start("counter", Props.Create(() => new NodeCountingEntity(probeRef, name)),
                new ExplicitShardExtractor(), ClusterSettings(), role: "worker", handOffStopMessage: "stop");
        }
        var oldestWorker = Cluster.Get(nodes[0]).State.Members.Where(m => m.HasRole("worker")).Order(Member.AgeOrdering).First().Address;
        IActorRef? coordinator = null;
        TestProbe.AwaitAssert(() => coordinator = nodes[0].ActorSelection($"{oldestWorker}/system/sharding-counter-singleton/coordinator")
            .ResolveOne(Patience).GetAwaiter().GetResult(), Patience, TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAsync<ActorNotFoundException>(() =>
            nodes[0].ActorSelection($"{nodes[0].Address}/system/sharding-counter-singleton/coordinator").ResolveOne(Patience));
        TestProbe.AwaitCondition(() => Allocations(coordinator!).Regions.Count == 2, Patience, "expected the 2 worker regions registered");

        var seen = RoundTrip(proxy, probe, "via proxy");
        Assert.Equal(["node1", "node2"], seen.Values.Select(s => s.Region).Distinct().Order(StringComparer.Ordinal));
        Assert.Empty(HostedBy(proxy));
    }

    [Fact]
    public async Task The_vector_store_runs_on_cluster_sharding_and_keeps_its_values_when_a_node_leaves()
    {
        var nodes = FormCluster(3);
        var settings = ClusterSettings();
        var stores = nodes.Select(n => ShardedVectorStore.StartInCluster(n, settings: settings, sliceSize: 100)).ToArray();
        // The client lives on the oldest member (the first seed is not always the oldest, and the youngest leaves below).
        var oldest = Cluster.Get(nodes[0]).State.Members.Order(Member.AgeOrdering).First().Address;
        var client = ShardedVectorStore.StartProxyInCluster(nodes[Array.FindIndex(nodes, n => n.Address.Equals(oldest))], settings, sliceSize: 100);
        TestProbe.AwaitAssert(() => Assert.Equal(3, Allocations(nodes[0].ActorSelection($"{oldest}/system/sharding-{ShardedVectorStore.TypeName}-singleton/coordinator")
            .ResolveOne(Patience).GetAwaiter().GetResult()).Regions.Count), Patience, TimeSpan.FromMilliseconds(50));
        var initial = Enumerable.Range(0, 1000).Select(i => (float)i).ToArray();
        await client.InitAsync("w", initial);
        foreach (var store in stores) await store.PushAsync("w", Enumerable.Repeat(1f, 1000).ToArray(), "add");
        var expected = initial.Select(x => x + 3).ToArray();
        foreach (var store in stores) Assert.Equal(expected, await store.PullAsync("w"));

        // A synchronous step is half done when the youngest member leaves gracefully: its slices move with their
        // values, their versions and the contribution already recorded, so the step completes on the new homes.
        await client.PushAtStepAsync("w", Enumerable.Repeat(2f, 1000).ToArray(), "add", step: 0, contributors: 2, contributor: 0);
        var youngest = Cluster.Get(nodes[0]).State.Members.Order(Member.AgeOrdering).Last().Address;
        int leaving = Array.FindIndex(nodes, n => n.Address.Equals(youngest));
        Assert.NotEmpty(HostedBy(stores[leaving].Region));
        await nodes[leaving].Terminate().WaitAsync(Patience);
        Assert.Equal(expected, await client.PullAsync("w"));
        await client.PushAtStepAsync("w", Enumerable.Repeat(4f, 1000).ToArray(), "add", step: 0, contributors: 2, contributor: 1);
        Assert.Equal(expected.Select(x => x + 3).ToArray(), await client.PullAtVersionAsync("w", 1000, version: 1));
    }
}
