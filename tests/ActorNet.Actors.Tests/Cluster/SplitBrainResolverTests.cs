using Microsoft.Extensions.Configuration;
using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class SplitBrainResolverTests
{
    private readonly ManualTimeProvider _time = new();

    private static Membership ThreeUp() => Membership.Empty.Update([Up(1, 1), Up(2, 2), Up(3, 3)]);

    [Fact]
    public void Decides_only_after_the_unreachable_set_is_stable_for_stable_after()
    {
        var resolver = new SplitBrainResolver(new SplitBrainResolverOptions(), Node(1), _time);
        var lost = ThreeUp().MarkUnreachable(Node(1), Node(3));
        Assert.Null(resolver.Tick(lost));
        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.Null(resolver.Tick(lost));

        // Another member becomes unreachable: the clock starts again.
        var worse = lost.MarkUnreachable(Node(1), Node(2));
        Assert.Null(resolver.Tick(worse));
        _time.Advance(TimeSpan.FromSeconds(19.9));
        Assert.Null(resolver.Tick(worse));
        Assert.Equal(TimeSpan.FromSeconds(0.1), resolver.Stability.Remaining);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        var decision = resolver.Tick(worse)!;
        Assert.Equal(DowningDecision.DownReachable, decision.Decision);
        Assert.Equal(new[] { Node(1) }, decision.NodesToDown);
    }

    [Fact]
    public void Only_the_leader_decides_and_only_while_someone_is_left_to_down()
    {
        var lost = ThreeUp().MarkUnreachable(Node(2), Node(3)).MarkUnreachable(Node(1), Node(3));
        var follower = new SplitBrainResolver(new SplitBrainResolverOptions(), Node(2), _time);
        var leader = new SplitBrainResolver(new SplitBrainResolverOptions(), Node(1), _time);
        follower.Tick(lost);
        leader.Tick(lost);
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(follower.Tick(lost));

        var decision = leader.Tick(lost)!;
        Assert.Equal(new[] { Node(3) }, decision.NodesToDown);
        var downed = decision.Apply(lost, Node(1));
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Null(leader.Tick(downed));
    }

    [Fact]
    public void Joining_and_leaving_do_not_restart_the_clock_but_up_and_removal_do()
    {
        var tracker = new StableAfterTracker(TimeSpan.FromSeconds(20), _time);
        var state = ThreeUp();
        Assert.True(tracker.Observe(state, Node(1)));
        Assert.False(tracker.Observe(state.Join(Node(4), [], Node(1)), Node(1)));
        Assert.False(tracker.Observe(state.Leave(Node(3), Node(1)), Node(1)));
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(tracker.IsStable);
        Assert.True(tracker.Observe(state.Update([Up(4, 4)]), Node(1)));
        Assert.False(tracker.IsStable);
        Assert.True(tracker.Observe(state.Remove([Node(3)], GossipSimulation.Now), Node(1)));
    }

    [Fact]
    public void Options_read_strategy_stable_after_and_role()
    {
        var defaults = SplitBrainResolverOptions.FromConfiguration(new ConfigurationBuilder().Build());
        Assert.Equal(TimeSpan.FromSeconds(20), defaults.StableAfter);
        Assert.True(defaults.IsEnabled);
        Assert.Null(defaults.Role);

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:cluster:downing:stable-after"] = "5s",
            ["actornet:cluster:downing:role"] = "worker",
        }).Build();
        var options = SplitBrainResolverOptions.FromConfiguration(config);
        Assert.Equal(TimeSpan.FromSeconds(5), options.StableAfter);
        Assert.Equal("worker", options.Role);

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:cluster:downing:strategy"] = "keep-oldest",
        }).Build();
        var error = Assert.Throws<ArgumentException>(() => SplitBrainResolverOptions.FromConfiguration(bad));
        Assert.Contains("actornet:cluster:downing:strategy", error.Message);
        Assert.Contains("keep-oldest", error.Message);
    }
}
