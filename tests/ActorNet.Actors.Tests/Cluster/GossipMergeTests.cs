using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class GossipMergeTests
{
    private static readonly UniqueAddress A = Node(1), B = Node(2), C = Node(3), D = Node(4);

    private static Membership Base() =>
        Membership.Empty.Update([Up(1, 1), Up(2, 2), Up(3, 3)]).Stamp(A).SeenBy(B).SeenBy(C);

    [Fact]
    public void Concurrent_changes_merge_with_the_later_status_and_nobody_has_seen_the_result()
    {
        var left = Base().Leave(C, B);                  // B saw C leave
        var right = Base().Down(C, A).Join(D, [], A);    // A downed C and let D join

        var merged = GossipMerge.Merge(left, right);
        Assert.Equal(MemberStatus.Down, merged.Member(C)!.Status);
        Assert.Equal(MemberStatus.Joining, merged.Member(D)!.Status);
        Assert.Empty(merged.Seen);
        Assert.Equal(VersionOrdering.After, merged.Version.Compare(left.Version));
        Assert.Equal(VersionOrdering.After, merged.Version.Compare(right.Version));
        Assert.Equal(ReachabilityStatus.Terminated, merged.Reachability.Status(C));

        var swapped = GossipMerge.Merge(right, left);
        Assert.Equal(merged.Members.Select(m => (m.UniqueAddress, m.Status)), swapped.Members.Select(m => (m.UniqueAddress, m.Status)));
        Assert.Equal(merged.Version, swapped.Version);
    }

    [Fact]
    public void A_member_removed_on_one_side_stays_removed()
    {
        var downed = Base().Down(C, A).SeenBy(B);
        var removed = LeaderActions.OnConvergence(downed, A, GossipSimulation.Now);
        var stale = downed.Leave(B, B);   // B changed something concurrently, still showing C Down

        var merged = GossipMerge.Merge(stale, removed);
        Assert.False(merged.HasMember(C));
        Assert.Equal(MemberStatus.Leaving, merged.Member(B)!.Status);
        Assert.Equal(0, merged.Version[C]);
    }

    [Fact]
    public void Receive_takes_newer_ignores_older_unions_seen_and_merges_concurrent()
    {
        var local = Base();
        var newer = local.Leave(C, A);

        var taken = GossipMerge.Receive(local, newer, B);
        Assert.Equal(VersionOrdering.After, taken.Ordering);
        Assert.Equal(MemberStatus.Leaving, taken.Membership.Member(C)!.Status);
        Assert.Equal(new[] { A, B }, taken.Membership.Seen);
        Assert.True(taken.ReplyWithOwn);

        var ignored = GossipMerge.Receive(newer, local, B);
        Assert.Equal(VersionOrdering.Before, ignored.Ordering);
        Assert.Equal(newer.Version, ignored.Membership.Version);
        Assert.True(ignored.ReplyWithOwn);

        var same = GossipMerge.Receive(newer.SeenBy(C), newer, B);
        Assert.Equal(VersionOrdering.Same, same.Ordering);
        Assert.Equal(new[] { A, B, C }, same.Membership.Seen);

        var concurrent = GossipMerge.Receive(local.Leave(B, B), newer, B);
        Assert.Equal(VersionOrdering.Concurrent, concurrent.Ordering);
        Assert.Equal(new[] { B }, concurrent.Membership.Seen);
        Assert.Equal(MemberStatus.Leaving, concurrent.Membership.Member(B)!.Status);
        Assert.Equal(MemberStatus.Leaving, concurrent.Membership.Member(C)!.Status);
    }

    [Fact]
    public void Gossip_without_the_receiver_is_not_applied()
    {
        var local = Base();
        var foreign = Membership.Empty.Join(D, [], D);
        var receipt = GossipMerge.Receive(local, foreign, B);
        Assert.Same(local, receipt.Membership);
        Assert.False(receipt.ReplyWithOwn);
    }

    [Fact]
    public void Partitioned_sides_converge_again_after_healing()
    {
        var sim = new GossipSimulation();
        sim.Form(A);
        foreach (var node in new[] { B, C, D })
            sim.Join(node, A);
        sim.Settle();

        // Partition {A, B} | {C, D}: each side marks the other unreachable.
        sim[A] = sim[A].ObserveReachability(A, [C, D], []);
        sim[C] = sim[C].ObserveReachability(C, [A, B], []);
        sim.Spread([A, B]);
        sim.Spread([C, D]);
        Assert.False(sim[A].IsConverged(A));
        Assert.Equal(C, sim[C].Leader(C));

        // Heal: the observers see the others again and gossip flows everywhere.
        sim[A] = sim[A].ObserveReachability(A, [], [C, D]);
        sim[C] = sim[C].ObserveReachability(C, [], [A, B]);
        sim.Settle();
        foreach (var node in new[] { A, B, C, D })
        {
            Assert.True(sim[node].Reachability.IsAllReachable);
            Assert.True(sim[node].IsConverged(node));
            Assert.Equal(A, sim[node].Leader(node));
        }
    }
}
