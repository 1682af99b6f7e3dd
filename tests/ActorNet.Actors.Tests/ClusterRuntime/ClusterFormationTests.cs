using ActorNet.Actors;
using ActorNet.TestKit;

namespace ActorNet.Actors.Tests.ClusterRuntime;

public sealed class ClusterFormationTests : ClusterTestBase
{
    [Fact]
    public void Three_nodes_form_one_cluster_with_the_same_leader_and_roles()
    {
        var nodes = FormCluster(3);
        var states = nodes.Select(n => Cluster.Get(n).State).ToList();
        var expectedLeader = states[0].Members.Min()!.Address;
        TestProbe.AwaitAssert(() =>
        {
            foreach (var node in nodes) Assert.Equal(expectedLeader, Cluster.Get(node).State.Leader);
        }, Patience);
        foreach (var node in nodes)
        {
            var cluster = Cluster.Get(node);
            Assert.Equal(MemberStatus.Up, cluster.SelfMember.Status);
            Assert.Equal(node.Address, cluster.SelfAddress);
            Assert.True(cluster.State.Members.All(cluster.State.IsReachable));
        }
        var worker = Cluster.Get(nodes[0]).State.Members.Single(m => m.Address.Equals(nodes[1].Address));
        Assert.Equal(["worker"], worker.Roles);
    }

    [Fact]
    public void A_subscriber_gets_the_current_state_then_member_up_of_a_new_node()
    {
        var nodes = FormCluster(2);
        var probe = new TestProbe(nodes[0]);
        Cluster.Get(nodes[0]).Subscribe(probe.Ref, typeof(MemberUp));
        var initial = probe.ExpectMsg<CurrentClusterState>(Patience);
        Assert.Equal(2, initial.Members.Count);

        var late = NewNode();
        Cluster.Get(late).Join(nodes[1].Address);
        var up = probe.ExpectMsg<MemberUp>(Patience);
        Assert.Equal(late.Address, up.Member.Address);
    }

    [Fact]
    public async Task On_member_up_runs_once_the_node_is_up()
    {
        var nodes = FormCluster(1);
        var late = NewNode();
        var cluster = Cluster.Get(late);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.JoinSeedNodes([nodes[0].Address]);
        await up.Task.WaitAsync(Patience);
        Assert.Equal(MemberStatus.Up, cluster.SelfMember.Status);
    }

    [Fact]
    public async Task The_state_of_a_node_can_be_queried_from_a_client_system_that_is_not_a_member()
    {
        var nodes = FormCluster(2);
        var client = NewNode();
        var state = await Cluster.QueryStateAsync(client, nodes[1].Address, Patience);
        Assert.Equal(nodes.Select(n => n.Address).Order(), state.Members.Select(m => m.Address).Order());
        Assert.All(state.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
        Assert.NotNull(state.Leader);
    }

    [Fact]
    public async Task Cluster_needs_remoting()
    {
        var local = ActorSystem.Create("local");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => Cluster.Get(local));
            Assert.Contains("actornet:remote:port", error.Message);
        }
        finally
        {
            await local.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
