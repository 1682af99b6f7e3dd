using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class MembershipTests
{
    private static readonly UniqueAddress A = Node(1), B = Node(2), C = Node(3), D = Node(4);

    private static Membership Converged(params Member[] members)
    {
        var state = Membership.Empty.Update(members);
        return members.Aggregate(state, (s, m) => s.SeenBy(m.UniqueAddress));
    }

    [Fact]
    public void First_node_forms_a_cluster_and_becomes_Up_alone()
    {
        var state = Membership.Empty.Join(A, ["seed"], A);
        Assert.Equal(MemberStatus.Joining, state.Member(A)!.Status);
        Assert.Equal(A, state.Leader(A));
        Assert.True(state.IsConverged(A));

        var up = LeaderActions.OnConvergence(state, A, GossipSimulation.Now);
        Assert.Equal(MemberStatus.Up, up.Member(A)!.Status);
        Assert.Equal(1, up.Member(A)!.UpNumber);
        Assert.Equal(VersionOrdering.After, up.Version.Compare(state.Version));
    }

    [Fact]
    public void Nodes_join_through_gossip_and_are_moved_up_in_address_order()
    {
        var sim = new GossipSimulation();
        sim.Form(A);
        sim.Settle();
        sim.Join(C, A, "worker");
        sim.Join(B, A, "worker");
        sim.Settle();

        foreach (var node in new[] { A, B, C })
        {
            var state = sim[node];
            Assert.All(state.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
            Assert.Equal(new[] { 1, 2, 3 }, state.Members.Select(m => m.UpNumber).ToArray());
            Assert.Equal(A, state.Leader(node));
            Assert.True(state.IsConverged(node));
        }
        Assert.Equal(A, sim[C].Oldest()!.UniqueAddress);
        Assert.Equal(B, sim[C].Oldest("worker")!.UniqueAddress);
    }

    [Fact]
    public void No_convergence_until_every_Up_member_has_seen_the_version()
    {
        var state = Converged(Up(1, 1), Up(2, 2), Up(3, 3));
        Assert.True(state.IsConverged(A));
        var changed = state.Leave(C, A);
        Assert.False(changed.IsConverged(A));
        Assert.True(changed.SeenBy(B).SeenBy(C).IsConverged(A));
        Assert.Same(changed, LeaderActions.OnConvergence(changed, A, GossipSimulation.Now));
    }

    [Fact]
    public void Unreachable_Up_member_blocks_convergence_until_downed()
    {
        var state = Converged(Up(1, 1), Up(2, 2), Up(3, 3)).MarkUnreachable(A, C).SeenBy(B).SeenBy(C);
        Assert.False(state.IsConverged(A));

        var downed = state.Down(C, A).SeenBy(B);
        Assert.True(downed.IsConverged(A));
        var removed = LeaderActions.OnConvergence(downed, A, GossipSimulation.Now);
        Assert.False(removed.HasMember(C));
        Assert.True(removed.Tombstones.ContainsKey(C));
        Assert.True(removed.Reachability.IsAllReachable);
        Assert.Equal(0, removed.Version[C]);
    }

    [Fact]
    public void Leader_is_the_first_reachable_Up_or_Leaving_member()
    {
        var state = Converged(Joining(1), Up(2, 1), Up(3, 2), Up(4, 3));
        Assert.Equal(B, state.Leader(B));
        var unreachableB = state.MarkUnreachable(C, B);
        Assert.Equal(C, unreachableB.Leader(C));
        Assert.Equal(B, unreachableB.Leader(B)); // a node is always reachable to itself

        var onlyJoining = Converged(Joining(3), Joining(2));
        Assert.Equal(B, onlyJoining.Leader(C));

        var exitingFirst = Converged(WithStatus(1, MemberStatus.Exiting), Joining(2));
        Assert.Equal(B, exitingFirst.Leader(A));
        var downFirst = Converged(WithStatus(1, MemberStatus.Down), Joining(2));
        Assert.Equal(B, downFirst.Leader(A));
        Assert.Null(Membership.Empty.Leader(A));
    }

    [Fact]
    public void Graceful_leave_goes_Leaving_Exiting_Removed()
    {
        var sim = new GossipSimulation();
        sim.Form(A);
        sim.Join(B, A);
        sim.Join(C, A);
        sim.Settle();
        sim[C] = sim[C].Leave(C, C);
        sim.Spread();
        Assert.Equal(MemberStatus.Leaving, sim[A].Member(C)!.Status);

        sim.LeaderActs();
        Assert.Equal(MemberStatus.Exiting, sim[A].Member(C)!.Status);
        sim.Settle([A, B]);
        Assert.False(sim[A].HasMember(C));
        Assert.False(sim[B].HasMember(C));
        Assert.Equal(new[] { A, B }, sim[B].Members.Select(m => m.UniqueAddress));
    }

    [Fact]
    public void New_incarnation_of_an_address_downs_the_old_one_and_joins_after_removal()
    {
        var state = LeaderActions.OnConvergence(Membership.Empty.Join(A, [], A).Join(B, [], A).SeenBy(A), A, GossipSimulation.Now);
        var reborn = Node(2, uid: 99);
        var downed = state.Join(reborn, [], A);
        Assert.Equal(MemberStatus.Down, downed.Member(B)!.Status);
        Assert.False(downed.HasMember(reborn));

        var removed = LeaderActions.OnConvergence(downed, A, GossipSimulation.Now);
        Assert.False(removed.HasMember(B));
        Assert.Same(removed, removed.Join(B, [], A)); // the removed incarnation cannot come back
        Assert.Equal(MemberStatus.Joining, removed.Join(reborn, [], A).Member(reborn)!.Status);
    }

    [Fact]
    public void Weakly_up_while_a_member_is_unreachable()
    {
        var state = Converged(Up(1, 1), Up(2, 2), Joining(4)).MarkUnreachable(A, B);
        Assert.Same(state, LeaderActions.OnConvergence(state, A, GossipSimulation.Now));
        var weakly = LeaderActions.MoveJoiningToWeaklyUp(state, A);
        Assert.Equal(MemberStatus.WeaklyUp, weakly.Member(D)!.Status);
        Assert.Same(state, LeaderActions.MoveJoiningToWeaklyUp(state, B)); // B is not the leader
    }

    [Fact]
    public void Up_numbers_continue_after_the_youngest()
    {
        var state = Converged(Up(1, 1), Up(2, 7), Joining(4), Joining(3));
        var moved = LeaderActions.OnConvergence(state, A, GossipSimulation.Now);
        Assert.Equal(8, moved.Member(C)!.UpNumber);
        Assert.Equal(9, moved.Member(D)!.UpNumber);
    }

    [Fact]
    public void Tombstones_are_pruned_by_age()
    {
        var state = Converged(Up(1, 1), Up(2, 2)).Remove([B], GossipSimulation.Now);
        Assert.Same(state, state.PruneTombstones(GossipSimulation.Now));
        Assert.Empty(state.PruneTombstones(GossipSimulation.Now.AddSeconds(1)).Tombstones);
    }
}
