using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class MembershipDiffTests
{
    private static readonly UniqueAddress A = Node(1), B = Node(2), C = Node(3);

    private static Membership ThreeUp() =>
        Membership.Empty.Update([Up(1, 1), Up(2, 2), Up(3, 3)]).Stamp(A).SeenBy(B).SeenBy(C);

    [Fact]
    public void Same_snapshot_yields_nothing()
    {
        var state = ThreeUp();
        Assert.Empty(MembershipDiff.Between(state, state, A));
    }

    [Fact]
    public void Join_up_and_leader_change_from_an_empty_view()
    {
        var joined = Membership.Empty.Join(A, [], A);
        var events = MembershipDiff.Between(Membership.Empty, joined, A);
        Assert.Equal(new ClusterEvent[] { new MemberJoined(joined.Member(A)!), new LeaderChanged(A.Address) }, events);

        var up = LeaderActions.OnConvergence(joined, A, GossipSimulation.Now);
        var upEvent = Assert.IsType<MemberUp>(Assert.Single(MembershipDiff.Between(joined, up, A)));
        Assert.Equal(MemberStatus.Up, upEvent.Member.Status);
    }

    [Fact]
    public void Leave_exit_and_removal_each_yield_their_event()
    {
        var start = ThreeUp();
        var leaving = start.Leave(C, C).SeenBy(A).SeenBy(B);
        Assert.IsType<MemberLeft>(Assert.Single(MembershipDiff.Between(start, leaving, A)));

        var exiting = LeaderActions.OnConvergence(leaving, A, GossipSimulation.Now).SeenBy(B);
        Assert.IsType<MemberExited>(Assert.Single(MembershipDiff.Between(leaving, exiting, A)));

        var removed = LeaderActions.OnConvergence(exiting, A, GossipSimulation.Now);
        var gone = Assert.IsType<MemberRemoved>(Assert.Single(MembershipDiff.Between(exiting, removed, A)));
        Assert.Equal(MemberStatus.Removed, gone.Member.Status);
        Assert.Equal(MemberStatus.Exiting, gone.PreviousStatus);
        Assert.Equal(C, gone.Member.UniqueAddress);
    }

    [Fact]
    public void Unreachable_then_reachable_and_leader_moves_away_from_an_unreachable_leader()
    {
        var start = ThreeUp();
        var lost = start.MarkUnreachable(B, A);
        var events = MembershipDiff.Between(start, lost, B);
        Assert.Equal(new ClusterEvent[] { new UnreachableMember(start.Member(A)!), new LeaderChanged(B.Address) }, events);

        // A is never told that it is unreachable to itself, and it still sees itself as leader.
        Assert.Empty(MembershipDiff.Between(start, lost, A));

        var back = lost.MarkReachable(B, A);
        Assert.Equal(new ClusterEvent[] { new ReachableMember(start.Member(A)!), new LeaderChanged(A.Address) },
            MembershipDiff.Between(lost, back, B));
    }

    [Fact]
    public void Downing_yields_downed_then_removed()
    {
        var start = ThreeUp().MarkUnreachable(A, C);
        var downed = start.Down(C, A).SeenBy(B);
        Assert.IsType<MemberDowned>(Assert.Single(MembershipDiff.Between(start, downed, A)));
        var removed = LeaderActions.OnConvergence(downed, A, GossipSimulation.Now);
        var gone = Assert.IsType<MemberRemoved>(Assert.Single(MembershipDiff.Between(downed, removed, A)));
        Assert.Equal(MemberStatus.Down, gone.PreviousStatus);
    }

    [Fact]
    public void Current_state_lists_members_unreachable_and_leader()
    {
        var state = ThreeUp().MarkUnreachable(B, C);
        var current = CurrentClusterState.From(state, B);
        Assert.Equal(3, current.Members.Count);
        Assert.Equal(new[] { C }, current.Unreachable.Select(m => m.UniqueAddress));
        Assert.False(current.IsReachable(state.Member(C)!));
        Assert.Equal(A.Address, current.Leader);
        Assert.Equal(new[] { B.Address }, current.SeenBy);
    }
}
