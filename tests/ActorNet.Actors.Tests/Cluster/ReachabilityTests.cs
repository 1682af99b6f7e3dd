using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class ReachabilityTests
{
    private static readonly UniqueAddress A = Node(1), B = Node(2), C = Node(3);

    [Fact]
    public void A_subject_is_unreachable_while_any_observer_says_so()
    {
        var r = Reachability.Empty.Unreachable(A, C).Unreachable(B, C);
        Assert.False(r.IsReachable(C));
        Assert.Equal(ReachabilityStatus.Unreachable, r.Status(A, C));
        Assert.Equal(new[] { A, B }, r.ObserversGroupedByUnreachable[C]);

        r = r.Reachable(A, C);
        Assert.False(r.IsReachable(C));
        Assert.True(r.IsReachable(A, C));

        r = r.Reachable(B, C);
        Assert.True(r.IsReachable(C));
        Assert.True(r.IsAllReachable);
    }

    [Fact]
    public void Terminated_wins_and_is_final()
    {
        var r = Reachability.Empty.Unreachable(A, C).Terminated(B, C);
        Assert.Equal(ReachabilityStatus.Terminated, r.Status(C));
        Assert.Same(r, r.Reachable(B, C));
        Assert.Equal(new[] { C }, r.AllUnreachableOrTerminated);
    }

    [Fact]
    public void Each_change_bumps_the_observer_counter_even_when_rows_are_pruned()
    {
        var r = Reachability.Empty.Unreachable(A, B);
        Assert.Equal(1, r.Versions[A]);
        r = r.Reachable(A, B);
        Assert.Equal(2, r.Versions[A]);
        Assert.Empty(r.Records);
        Assert.Same(r, r.Reachable(A, B));
    }

    [Fact]
    public void Merge_keeps_the_rows_of_the_newer_observer_counter()
    {
        var common = Reachability.Empty.Unreachable(A, C);
        var healed = common.Reachable(A, C);        // A later hears from C again (counter 2)
        var other = common.Unreachable(B, C);        // meanwhile B lost C (A's counter still 1)
        var all = new HashSet<UniqueAddress> { A, B, C };

        var merged = healed.Merge(all, other);
        Assert.True(merged.IsReachable(A, C));
        Assert.False(merged.IsReachable(B, C));
        Assert.Equal(2, merged.Versions[A]);
        Assert.Equal(1, merged.Versions[B]);

        var reversed = other.Merge(all, healed);
        Assert.Equal(merged.Records.ToHashSet(), reversed.Records.ToHashSet());
    }

    [Fact]
    public void Merge_and_remove_drop_nodes_that_are_not_members()
    {
        var r = Reachability.Empty.Unreachable(A, C).Unreachable(C, B).Unreachable(B, A);
        var merged = r.Merge(new HashSet<UniqueAddress> { A, B }, Reachability.Empty);
        Assert.Equal(new[] { (B, A) }, merged.Records.Select(x => (x.Observer, x.Subject)));

        var removed = r.Remove([C]);
        Assert.Equal(new[] { (B, A) }, removed.Records.Select(x => (x.Observer, x.Subject)));
        Assert.False(removed.Versions.ContainsKey(C));
    }
}
