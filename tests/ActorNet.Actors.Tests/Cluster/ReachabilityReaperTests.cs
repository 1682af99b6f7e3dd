using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class ReachabilityReaperTests
{
    private static Membership ThreeUp() => Membership.Empty.Update([Up(1, 1), Up(2, 2), Up(3, 3)]);

    [Fact]
    public void Unavailable_members_become_unreachable_from_self_and_come_back()
    {
        var down = new HashSet<Address> { Node(3).Address };
        var state = ReachabilityReaper.Reap(ThreeUp(), Node(1), a => !down.Contains(a));
        Assert.Equal(ReachabilityStatus.Unreachable, state.Reachability.Status(Node(1), Node(3)));
        Assert.True(state.Reachability.IsReachable(Node(1), Node(2)));
        Assert.Equal(1, state.Version[Node(1)]);

        Assert.Same(state, ReachabilityReaper.Reap(state, Node(1), a => !down.Contains(a)));

        var healed = ReachabilityReaper.Reap(state, Node(1), _ => true);
        Assert.True(healed.Reachability.IsAllReachable);
        Assert.Equal(2, healed.Version[Node(1)]);
    }

    [Fact]
    public void Never_marks_itself_and_leaves_downed_members_alone()
    {
        var state = ThreeUp().Down(Node(3), Node(1));
        var reaped = ReachabilityReaper.Reap(state, Node(1), _ => false);
        Assert.Equal(ReachabilityStatus.Terminated, reaped.Reachability.Status(Node(1), Node(3)));
        Assert.Equal(ReachabilityStatus.Unreachable, reaped.Reachability.Status(Node(1), Node(2)));
        Assert.Equal(ReachabilityStatus.Reachable, reaped.Reachability.Status(Node(1), Node(1)));

        var alone = Membership.Empty.Update([Up(1, 1)]);
        Assert.Same(alone, ReachabilityReaper.Reap(alone, Node(1), _ => false));
    }
}
