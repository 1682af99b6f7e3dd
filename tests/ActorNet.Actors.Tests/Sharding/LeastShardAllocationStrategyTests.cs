using ActorNet.Actors.Sharding;

namespace ActorNet.Actors.Tests.Sharding;

public sealed class LeastShardAllocationStrategyTests : TestKit.TestKit
{
    private readonly IActorRef _a, _b, _c;

    public LeastShardAllocationStrategyTests()
    {
        _a = CreateTestProbe("a").Ref;
        _b = CreateTestProbe("b").Ref;
        _c = CreateTestProbe("c").Ref;
    }

    private static List<KeyValuePair<IActorRef, IReadOnlyCollection<string>>> Table(params (IActorRef Region, string[] Shards)[] rows) =>
        rows.Select(r => new KeyValuePair<IActorRef, IReadOnlyCollection<string>>(r.Region, r.Shards)).ToList();

    [Fact]
    public void A_new_shard_goes_to_the_region_with_the_fewest()
    {
        var strategy = new LeastShardAllocationStrategy(3);
        Assert.Equal(_b, strategy.AllocateShard(_a, "x", Table((_a, ["1", "2"]), (_b, ["3"]), (_c, ["4", "5"]))));
    }

    [Fact]
    public void Ties_go_to_the_requester_when_it_is_among_the_least_loaded_else_to_the_earliest_registered()
    {
        var strategy = new LeastShardAllocationStrategy(3);
        var table = Table((_a, ["1"]), (_b, []), (_c, []));
        Assert.Equal(_c, strategy.AllocateShard(_c, "x", table));
        Assert.Equal(_b, strategy.AllocateShard(_a, "x", table));
    }

    [Fact]
    public void Rebalance_moves_from_the_most_loaded_at_most_max_simultaneous()
    {
        var strategy = new LeastShardAllocationStrategy(3);
        var moved = strategy.Rebalance(Table((_a, ["1", "2", "3", "4", "5", "6", "7", "8"]), (_b, [])), new HashSet<string>());
        Assert.Equal(["1", "2", "3"], moved);
        var withOneInFlight = strategy.Rebalance(Table((_a, ["1", "2", "3", "4", "5", "6", "7", "8"]), (_b, [])), new HashSet<string> { "1" });
        Assert.Equal(["2", "3"], withOneInFlight);
    }

    [Fact]
    public void Rebalance_stops_when_the_difference_is_below_two()
    {
        var strategy = new LeastShardAllocationStrategy(10);
        Assert.Empty(strategy.Rebalance(Table((_a, ["1", "2"]), (_b, ["3"])), new HashSet<string>()));
        Assert.Equal(["1", "2"], strategy.Rebalance(Table((_a, ["1", "2", "3", "4"]), (_b, []), (_c, ["5", "6"])), new HashSet<string>()).ToArray());
    }
}
