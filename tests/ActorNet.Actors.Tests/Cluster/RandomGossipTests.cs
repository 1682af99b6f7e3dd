using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

/// <summary>
/// Concurrent joins through different contacts, leaves and random gossip order: whatever the order,
/// every node must end with the same members, all Up, the same leader, and convergence.
/// </summary>
public class RandomGossipTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_gossip_converges_to_one_view(int seed)
    {
        var random = new Random(seed);
        var sim = new GossipSimulation();
        var nodes = Enumerable.Range(1, 7).Select(p => Node(p)).OrderBy(_ => random.Next()).ToList();
        sim.Form(nodes[0]);
        sim.LeaderActs();
        var joined = new List<UniqueAddress> { nodes[0] };

        // Each remaining node joins through a random member while gossip and leader actions interleave.
        foreach (var node in nodes.Skip(1))
        {
            sim.Join(node, joined[random.Next(joined.Count)]);
            joined.Add(node);
            for (int i = 0; i < 4; i++)
                RandomStep(sim, joined, random);
        }
        var leaver = joined[random.Next(joined.Count)];
        sim[leaver] = sim[leaver].Leave(leaver, leaver);
        for (int i = 0; i < 200; i++)
            RandomStep(sim, joined, random);

        // Once the leaver is Exiting it is left out of gossip (as it shuts down); the others settle.
        var remaining = joined.Where(n => !n.Equals(leaver)).ToList();
        sim.Settle(remaining);
        sim.Settle(remaining);
        var expected = remaining.Order().ToArray();
        var leader = expected[0];
        foreach (var node in remaining)
        {
            var state = sim[node];
            Assert.Equal(expected, state.Members.Select(m => m.UniqueAddress).ToArray());
            Assert.All(state.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
            Assert.Equal(leader, state.Leader(node));
            Assert.True(state.IsConverged(node));
            Assert.Equal(sim[leader].Version, state.Version);
            Assert.Equal(state.Members.Count, state.Members.Select(m => m.UpNumber).Distinct().Count());
        }
    }

    private static void RandomStep(GossipSimulation sim, List<UniqueAddress> nodes, Random random)
    {
        var from = nodes[random.Next(nodes.Count)];
        if (random.Next(4) == 0)
        {
            sim[from] = LeaderActions.OnConvergence(sim[from], from, GossipSimulation.Now);
            return;
        }
        var to = nodes[random.Next(nodes.Count)];
        if (!from.Equals(to) && sim[from].HasMember(to))
            sim.Gossip(from, to);
    }
}
