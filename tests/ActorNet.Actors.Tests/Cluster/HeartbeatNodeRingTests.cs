using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class HeartbeatNodeRingTests
{
    private static UniqueAddress[] Nodes(params int[] ports) => ports.Select(p => Node(p)).ToArray();

    private static UniqueAddress[] Range(int from, int to) => Enumerable.Range(from, to - from + 1).Select(p => Node(p)).ToArray();

    [Fact]
    public void Each_node_heartbeats_the_next_five_by_address_wrapping_around()
    {
        var ring = new HeartbeatNodeRing(Node(8), Range(1, 10), []);
        Assert.Equal(Nodes(1, 2, 3, 9, 10), ring.MyReceivers);
        Assert.Equal(Nodes(2, 3, 4, 5, 6), ring.Receivers(Node(1)));
    }

    [Fact]
    public void Every_node_is_monitored_by_exactly_five_others()
    {
        var all = Range(1, 12);
        var ring = new HeartbeatNodeRing(Node(1), all, []);
        var monitors = all.SelectMany(sender => ring.Receivers(sender)).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(all, node => Assert.Equal(5, monitors[node]));
    }

    [Fact]
    public void Small_clusters_heartbeat_everyone()
    {
        var ring = new HeartbeatNodeRing(Node(3), Range(1, 6), []);
        Assert.Equal(Nodes(1, 2, 4, 5, 6), ring.MyReceivers);
        Assert.Empty(new HeartbeatNodeRing(Node(1), [], []).MyReceivers);
    }

    [Fact]
    public void Unreachable_nodes_on_the_way_are_kept_and_not_counted()
    {
        var ring = new HeartbeatNodeRing(Node(1), Range(1, 12), Nodes(2, 3));
        Assert.Equal(Range(2, 8), ring.MyReceivers);
    }

    [Fact]
    public void At_most_five_unreachable_nodes_are_kept()
    {
        var ring = new HeartbeatNodeRing(Node(1), Range(1, 14), Range(2, 7));
        Assert.Equal(Nodes(2, 3, 4, 5, 6, 8, 9, 10, 11, 12), ring.MyReceivers);
    }

    [Fact]
    public void Built_from_a_snapshot()
    {
        var state = Membership.Empty.Update(Enumerable.Range(1, 8).Select(p => Up(p, p))).MarkUnreachable(Node(1), Node(2));
        var ring = HeartbeatNodeRing.From(state, Node(1), monitoredByNrOfMembers: 2);
        Assert.Equal(Nodes(2), ring.Unreachable);
        Assert.Equal(Nodes(2, 3, 4), ring.MyReceivers);
    }
}
