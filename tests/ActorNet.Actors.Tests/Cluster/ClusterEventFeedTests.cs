using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class ClusterEventFeedTests
{
    [Fact]
    public void Publishing_snapshots_yields_each_change_once()
    {
        var feed = new ClusterEventFeed(Node(1));
        var joined = Membership.Empty.Join(Node(1), [], Node(1));
        var up = LeaderActions.OnConvergence(joined, Node(1), GossipSimulation.Now);

        Assert.Equal(new ClusterEvent[] { new MemberJoined(joined.Member(Node(1))!), new LeaderChanged(Node(1).Address) }, feed.Publish(joined));
        Assert.Empty(feed.Publish(joined));
        var events = feed.Publish(up);
        Assert.Equal(MemberStatus.Up, Assert.IsType<MemberUp>(Assert.Single(events)).Member.Status);
        Assert.Equal(MemberStatus.Up, Assert.Single(feed.CurrentState.Members).Status);
        Assert.Equal(Node(1).Address, feed.CurrentState.Leader);
    }
}
