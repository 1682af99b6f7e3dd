namespace ActorNet.Actors.Tests.Messaging;

using ActorNet.Messaging;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.DistributedData;

/// <summary>
/// Two cluster nodes in this process on 127.0.0.1, configured with <see cref="MessagingConfig"/> (which rebinds
/// "System.Object"): Akka's own machinery (membership, singleton, sharding on distributed data, failures) keeps
/// its serializers and ActorNet's messages cross between the nodes with ours.
/// </summary>
public sealed class TwoNodeClusterTests() : Akka.TestKit.Xunit2.TestKit(MessagingTestConfig.Cluster, "actornet"), IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // The second node; this test's own system (Sys) is the first, the seed and the oldest.
    private ActorSystem _nodeB = null!;

    // What each node logged about serialization.
    private LoggedSerializationErrors _errorsA = null!;
    private LoggedSerializationErrors _errorsB = null!;

    public async Task InitializeAsync()
    {
        _nodeB = ActorSystem.Create("actornet", MessagingTestConfig.Cluster);
        _errorsA = LoggedSerializationErrors.Watch(Sys);
        _errorsB = LoggedSerializationErrors.Watch(_nodeB);
        var seed = Cluster.Get(Sys).SelfAddress;
        Cluster.Get(Sys).Join(seed);
        Cluster.Get(_nodeB).Join(seed);
        await AwaitAssertAsync(() =>
        {
            foreach (var node in new[] { Sys, _nodeB })
                Assert.Equal(2, Cluster.Get(node).State.Members.Count(m => m.Status == MemberStatus.Up));
        }, Patience);
    }

    public Task DisposeAsync() => ShutdownAsync(_nodeB);

    [Fact]
    public async Task Singleton_sharding_and_failures_work_across_nodes_with_akka_messages_on_their_own_serializers()
    {
        // A replicator message reaches node B before B's code has touched distributed data, as a node that started
        // sharding first gossips to one that has not yet: B must read it (and drop it as undeliverable), not log a
        // serializer it lacks.
        var replicatorOnB = new RootActorPath(Cluster.Get(_nodeB).SelfAddress) / "system" / "sharding" / "replicator";
        Sys.ActorSelection(replicatorOnB).Tell(Dsl.Get(new GSetKey<string>("not-yet-loaded"), ReadLocal.Instance));

        // The singleton lives on the oldest node (this one); node B reaches it through its proxy.
        foreach (var node in new[] { Sys, _nodeB })
            node.ActorOf(ClusterSingletonManager.Props(Props.Create<EchoActor>(), PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(node)), "singleton");
        var proxyOnB = _nodeB.ActorOf(ClusterSingletonProxy.Props("/user/singleton", ClusterSingletonProxySettings.Create(_nodeB)));
        var fromSingleton = await proxyOnB.Ask<Greeting>(new Greet("singleton?", null), Patience);
        Assert.Equal(Cluster.Get(Sys).SelfAddress.ToString(), fromSingleton.FromNode);

        // Sharded entities: ten shards spread over both regions, asked from both nodes, so some asks cross nodes
        // whichever region each shard lands on.
        var regions = new List<(ActorSystem Node, IActorRef Region)>();
        foreach (var node in new[] { Sys, _nodeB })
            regions.Add((node, await ClusterSharding.Get(node).StartAsync("echo", Props.Create<EchoActor>(),
                ClusterShardingSettings.Create(node), new ToEntityExtractor())));
        var crossings = new List<FromEntity>();
        foreach (var (node, region) in regions)
            for (var id = 0; id < 10; id++)
            {
                var reply = await region.Ask<FromEntity>(new ToEntity(id.ToString(), "hello"), Patience);
                Assert.Equal(id.ToString(), reply.EntityId);
                if (reply.Node != Cluster.Get(node).SelfAddress.ToString())
                    crossings.Add(reply);
            }
        Assert.NotEmpty(crossings);

        // Akka binds its modules' messages when each module loads; from then on a specific binding beats "System.Object".
        foreach (var akkaMessage in new[] { typeof(Identify), typeof(Status.Failure), typeof(string), typeof(ShardRegion.StartEntity),
                     typeof(ShardingEnvelope), typeof(GetShardRegionState) })
            Assert.True(Sys.Serialization.FindSerializerForType(akkaMessage) is not MessagePackMessageSerializer, akkaMessage.FullName);

        // An entity's reference, written on its node and resolved on the other, reaches the entity.
        var probe = CreateTestProbe();
        var remoteEntity = crossings[0].Entity;
        remoteEntity.Tell(new Greet("direct", probe.Ref));
        Assert.Equal(crossings[0].Node, (await probe.ExpectMsgAsync<Greeting>(Patience)).FromNode);

        // A failure reply crosses with Akka's own serializer for Status.Failure and its exception, whose extra field
        // (a double) goes through ours.
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => proxyOnB.Ask<Greeting>(new FailPlease("on purpose"), Patience));
        Assert.StartsWith("on purpose", error.Message);
        Assert.Equal(3.5, error.ActualValue);

        AssertNoSerializationErrors();
    }

    // Whole lines in the failure message (Assert.Empty shortens them past reading).
    private void AssertNoSerializationErrors()
    {
        var lines = _errorsA.Lines.Select(l => "node A: " + l).Concat(_errorsB.Lines.Select(l => "node B: " + l)).ToList();
        Assert.True(lines.Count == 0, string.Join("\n", lines));
    }

    [Fact]
    public async Task ActorNet_messages_ask_and_tell_between_nodes_and_one_without_a_contract_is_dropped_alone()
    {
        _nodeB.ActorOf(Props.Create<EchoActor>(), "echo");
        var echoPath = new RootActorPath(Cluster.Get(_nodeB).SelfAddress) / "user" / "echo";
        var echo = await Sys.ActorSelection(echoPath).ResolveOne(Patience);

        var asked = await echo.Ask<Greeting>(new Greet("asked", null), Patience);
        Assert.Equal(new Greeting("asked", Cluster.Get(_nodeB).SelfAddress.ToString()), asked);

        var probe = CreateTestProbe();
        echo.Tell(new Greet("told", probe.Ref));
        await probe.ExpectMsgAsync(new Greeting("told", Cluster.Get(_nodeB).SelfAddress.ToString()), Patience);
        AssertNoSerializationErrors();

        // No contract: node A's remoting logs our error naming the type and drops that message; the link stays up.
        echo.Tell(new MessageWithoutContract(42));
        await AwaitAssertAsync(() => Assert.Contains(_errorsA.Lines, line => line.Contains(nameof(MessageWithoutContract))), Patience);
        echo.Tell(new Greet("after", probe.Ref));
        await probe.ExpectMsgAsync(new Greeting("after", Cluster.Get(_nodeB).SelfAddress.ToString()), Patience);
        Assert.True(Cluster.Get(Sys).State.Members.All(m => m.Status == MemberStatus.Up));
    }
}
