using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class KeepMajorityTests
{
    private static UniqueAddress[] Nodes(params int[] ports) => ports.Select(p => Node(p)).ToArray();

    // Members in the given statuses; `observer` sees `lost` as unreachable.
    private static Membership Partitioned(Member[] members, int observer, params int[] lost) =>
        Membership.Empty.Update(members).ObserveReachability(Node(observer), lost.Select(p => Node(p)), []);

    private static Member[] UpMembers(params int[] ports) => ports.Select(p => Up(p, p)).ToArray();

    [Fact]
    public void Majority_downs_the_minority_and_the_minority_downs_itself()
    {
        var members = UpMembers(1, 2, 3, 4, 5);
        var majority = new KeepMajority().Decide(Partitioned(members, 1, 4, 5), Node(1))!;
        Assert.Equal(DowningDecision.DownUnreachable, majority.Decision);
        Assert.Equal(Nodes(4, 5), majority.NodesToDown);

        var minority = new KeepMajority().Decide(Partitioned(members, 4, 1, 2, 3), Node(4))!;
        Assert.Equal(DowningDecision.DownReachable, minority.Decision);
        Assert.Equal(Nodes(4, 5), minority.NodesToDown);
    }

    [Fact]
    public void On_a_tie_the_side_with_the_lowest_address_keeps()
    {
        var members = UpMembers(1, 2, 3, 4);
        var low = new KeepMajority().Decide(Partitioned(members, 2, 3, 4), Node(2))!;
        Assert.Equal(DowningDecision.DownUnreachable, low.Decision);
        Assert.Equal(Nodes(3, 4), low.NodesToDown);

        var high = new KeepMajority().Decide(Partitioned(members, 3, 1, 2), Node(3))!;
        Assert.Equal(DowningDecision.DownReachable, high.Decision);
        Assert.Equal(Nodes(3, 4), high.NodesToDown);
    }

    [Fact]
    public void With_a_role_only_members_with_that_role_are_counted()
    {
        Member[] members = [Up(1, 1, "server"), Up(2, 2), Up(3, 3), Up(4, 4, "server"), Up(5, 5, "server")];
        var bigSide = Partitioned(members, 1, 4, 5);
        Assert.Equal(DowningDecision.DownReachable, new KeepMajority("server").Decide(bigSide, Node(1))!.Decision);
        Assert.Equal(DowningDecision.DownUnreachable, new KeepMajority().Decide(bigSide, Node(1))!.Decision);

        var noSuchRole = new KeepMajority("driver").Decide(bigSide, Node(1))!;
        Assert.Equal(DowningDecision.DownAll, noSuchRole.Decision);
        Assert.Equal(Nodes(1, 2, 3, 4, 5), noSuchRole.NodesToDown);
    }

    [Fact]
    public void Joining_members_are_not_counted_but_are_downed_with_their_side()
    {
        Member[] members = [Up(1, 1), Up(2, 2), Up(4, 4), Up(5, 5), Joining(6), Up(7, 7)];
        var decision = new KeepMajority().Decide(Partitioned(members, 4, 1, 2), Node(4))!;
        // Counted: this side {4, 5, 7} against {1, 2}.
        Assert.Equal(DowningDecision.DownUnreachable, decision.Decision);
        Assert.Equal(Nodes(1, 2), decision.NodesToDown);

        var other = new KeepMajority().Decide(Partitioned(members, 1, 4, 5, 6, 7), Node(1))!;
        Assert.Equal(DowningDecision.DownReachable, other.Decision);
        Assert.Equal(Nodes(1, 2), other.NodesToDown);
        var otherSide = new KeepMajority().Decide(Partitioned(members, 2, 4, 5, 6, 7), Node(2))!;
        Assert.Equal(Nodes(1, 2), otherSide.NodesToDown);
    }

    [Fact]
    public void A_joining_member_that_may_be_up_elsewhere_makes_a_doubtful_keep_down_all()
    {
        Member[] members = [Up(1, 1), Up(2, 2), Joining(3), Up(4, 4), Up(5, 5), Up(7, 7)];
        var decision = new KeepMajority().Decide(Partitioned(members, 4, 1, 2, 3), Node(4))!;
        // {4, 5, 7} beat {1, 2}; but if the other side moved 3 Up it is a tie that node 1 (lowest) would win.
        Assert.Equal(DowningDecision.DownAll, decision.Decision);
        Assert.Equal(Nodes(1, 2, 3, 4, 5, 7), decision.NodesToDown);
    }

    [Fact]
    public void Down_and_exiting_members_neither_count_nor_get_downed_again()
    {
        Member[] members = [Up(1, 1), WithStatus(2, MemberStatus.Exiting), Up(3, 3), Up(4, 4).WithStatus(MemberStatus.Down)];
        var decision = new KeepMajority().Decide(Partitioned(members, 1, 3, 4), Node(1))!;
        // Counted: {1} against {3}; tie, and 1 is the lowest counted address.
        Assert.Equal(DowningDecision.DownUnreachable, decision.Decision);
        Assert.Equal(Nodes(3), decision.NodesToDown);
    }

    [Fact]
    public void A_leaving_member_that_may_have_exited_elsewhere_makes_a_doubtful_keep_down_all()
    {
        Member[] members = [Up(1, 1), Up(2, 2), Up(3, 3).WithStatus(MemberStatus.Leaving)];
        var decision = new KeepMajority().Decide(Partitioned(members, 2, 1), Node(2))!;
        // {2, 3} beat {1}, but without the leaving 3 it is a tie that node 1 (lowest) would win.
        Assert.Equal(DowningDecision.DownAll, decision.Decision);
        Assert.Equal(Nodes(1, 2, 3), decision.NodesToDown);
    }

    [Fact]
    public void Indirectly_connected_nodes_are_downed_and_the_clean_partition_decided()
    {
        var members = UpMembers(1, 2, 3, 4, 5);
        // 1 cannot reach 2, yet 2 can reach everyone and has seen the current version: indirectly connected.
        // 5 crashed: 1 and 2 both observe it unreachable, a clean failure.
        var state = Membership.Empty.Update(members)
            .ObserveReachability(Node(1), [Node(2), Node(5)], [])
            .SeenBy(Node(2))
            .ObserveReachability(Node(3), [Node(5)], [])
            .SeenBy(Node(2));
        var decision = new KeepMajority().Decide(state, Node(3))!;
        Assert.Equal(DowningDecision.DownIndirectlyConnected, decision.Decision);
        Assert.Equal(Nodes(1, 2, 5), decision.NodesToDown);
    }

    [Fact]
    public void Nothing_to_decide_while_all_are_reachable()
    {
        var state = Membership.Empty.Update(UpMembers(1, 2, 3));
        Assert.Null(new KeepMajority().Decide(state, Node(1)));
        // A node that others think unreachable does not count itself so.
        Assert.Null(new KeepMajority().Decide(state.MarkUnreachable(Node(2), Node(1)), Node(1)));
        Assert.NotNull(new KeepMajority().Decide(state.MarkUnreachable(Node(2), Node(1)), Node(3)));
    }

    [Fact]
    public void Applying_a_decision_downs_the_nodes_and_the_leader_removes_them()
    {
        var members = UpMembers(1, 2, 3, 4, 5);
        var state = Partitioned(members, 1, 4, 5).SeenBy(Node(2)).SeenBy(Node(3));
        var decision = new KeepMajority().Decide(state, Node(1))!;
        var downed = decision.Apply(state, Node(1)).SeenBy(Node(2)).SeenBy(Node(3));
        Assert.Equal(MemberStatus.Down, downed.Member(Node(4))!.Status);
        Assert.True(downed.IsConverged(Node(1)));
        var after = LeaderActions.OnConvergence(downed, Node(1), GossipSimulation.Now);
        Assert.Equal(Nodes(1, 2, 3), after.Members.Select(m => m.UniqueAddress));
    }
}
