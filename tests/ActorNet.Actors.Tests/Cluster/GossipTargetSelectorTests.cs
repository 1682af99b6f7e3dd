using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class GossipTargetSelectorTests
{
    private static Membership FiveUp() => Membership.Empty.Update(Enumerable.Range(1, 5).Select(p => Up(p, p)));

    private static Dictionary<UniqueAddress, int> Draw(Membership state, UniqueAddress self, int count = 2000)
    {
        var random = new Random(42);
        var counts = new Dictionary<UniqueAddress, int>();
        for (int i = 0; i < count; i++)
        {
            var target = GossipTargetSelector.Select(state, self, random)!;
            counts[target] = counts.GetValueOrDefault(target) + 1;
        }
        return counts;
    }

    [Fact]
    public void Never_self_nor_a_member_self_sees_unreachable()
    {
        var state = FiveUp().MarkUnreachable(Node(1), Node(4));
        foreach (var n in new[] { 1, 2, 3, 4, 5 })
            state = state.SeenBy(Node(n));
        var counts = Draw(state, Node(1));
        Assert.Equal(new[] { Node(2), Node(3), Node(5) }, counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, 500, 850));
    }

    [Fact]
    public void Prefers_members_that_have_not_seen_the_current_version()
    {
        var state = FiveUp().Stamp(Node(1)).SeenBy(Node(2)).SeenBy(Node(3)).SeenBy(Node(4));
        var counts = Draw(state, Node(1));
        // 0.8 of the time node 5 is preferred, and a quarter of the remaining random picks land on it too.
        Assert.InRange(counts[Node(5)], 1600, 1800);
    }

    [Fact]
    public void Nobody_to_gossip_to_in_a_single_node_cluster()
    {
        var state = Membership.Empty.Update([Up(1, 1)]);
        Assert.Null(GossipTargetSelector.Select(state, Node(1), new Random(1)));
    }

    [Theory]
    [InlineData(3, 0.8)]
    [InlineData(400, 0.8)]
    [InlineData(800, 0.44)]
    [InlineData(1200, 0.08)]
    [InlineData(5000, 0.08)]
    public void Different_view_probability_falls_in_large_clusters(int size, double expected) =>
        Assert.Equal(expected, GossipTargetSelector.AdjustedDifferentViewProbability(size), 9);
}
