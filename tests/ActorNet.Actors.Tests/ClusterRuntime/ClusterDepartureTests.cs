using ActorNet.Actors;
using ActorNet.TestKit;

namespace ActorNet.Actors.Tests.ClusterRuntime;

public sealed class ClusterDepartureTests : ClusterTestBase
{
    [Fact]
    public async Task A_node_that_terminates_leaves_gracefully_and_is_removed_as_exiting()
    {
        var nodes = FormCluster(3);
        var probe = new TestProbe(nodes[0]);
        Cluster.Get(nodes[0]).Subscribe(probe.Ref, typeof(MemberEvent));
        probe.ExpectMsg<CurrentClusterState>(Patience);

        var leaving = nodes[2];
        await leaving.Terminate().WaitAsync(Patience);

        var removed = probe.FishForMessage<MemberRemoved>(m => m.Member.Address.Equals(leaving.Address), Patience);
        Assert.Equal(MemberStatus.Exiting, removed.PreviousStatus);
        TestProbe.AwaitAssert(() =>
        {
            foreach (var node in nodes[..2])
                Assert.Equal(2, Cluster.Get(node).State.Members.Count(m => m.Status == MemberStatus.Up));
        }, Patience);
    }

    [Fact]
    public async Task A_node_that_vanishes_becomes_unreachable_and_is_downed_and_removed_by_the_majority()
    {
        var nodes = FormCluster(3);
        var probe = new TestProbe(nodes[0]);
        Cluster.Get(nodes[0]).Subscribe(probe.Ref, typeof(ClusterEvent));
        probe.ExpectMsg<CurrentClusterState>(Patience);

        // Abrupt end: the node's remoting stops without any goodbye, as when its process is killed.
        var lost = nodes[2];
        await lost.Remote!.StopAsync().WaitAsync(Patience);

        probe.FishForMessage<UnreachableMember>(m => m.Member.Address.Equals(lost.Address), Patience);
        probe.FishForMessage<MemberDowned>(m => m.Member.Address.Equals(lost.Address), Patience);
        var removed = probe.FishForMessage<MemberRemoved>(m => m.Member.Address.Equals(lost.Address), Patience);
        Assert.Equal(MemberStatus.Down, removed.PreviousStatus);
        TestProbe.AwaitAssert(() => Assert.Equal(2, Cluster.Get(nodes[1]).State.Members.Count), Patience);
    }

    [Fact]
    public async Task A_node_that_learns_it_was_downed_shuts_down()
    {
        var nodes = FormCluster(3);
        Cluster.Get(nodes[0]).Down(nodes[2].Address);
        await nodes[2].WhenTerminated.WaitAsync(Patience);
        Assert.Equal(ShutdownReason.ClusterDowning, nodes[2].CoordinatedShutdown.Reason);
        TestProbe.AwaitAssert(() =>
        {
            foreach (var node in nodes[..2])
                Assert.DoesNotContain(Cluster.Get(node).State.Members, m => m.Address.Equals(nodes[2].Address));
        }, Patience);
    }
}
