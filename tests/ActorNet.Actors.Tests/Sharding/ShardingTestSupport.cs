using ActorNet.Actors.Sharding;
using ActorNet.TestKit;

namespace ActorNet.Actors.Tests.Sharding;

/// <summary>A message naming its shard explicitly, so tests decide where entities live.</summary>
internal sealed record ToEntity(string ShardId, string EntityId, object Payload);

/// <summary>What a <see cref="CountingEntity"/> reports for each string it receives.</summary>
internal sealed record Seen(string Entity, string Payload, int Count, string Region);

/// <summary>A <see cref="CountingEntity"/>'s state, carried over handoffs and passivation.</summary>
internal sealed record RestoreCount(int Count);

/// <summary>Routes <see cref="ToEntity"/> by its explicit shard id.</summary>
internal sealed class ExplicitShardExtractor : IMessageExtractor
{
    public string? EntityId(object message) => (message as ToEntity)?.EntityId;

    public string? ShardId(object message) => (message as ToEntity)?.ShardId;

    public object EntityMessage(object message) => ((ToEntity)message).Payload;
}

/// <summary>
/// Counts the strings it receives and reports each to the probe with the region hosting it. On "stop" (the
/// tests' hand-off stop message) it leaves its count behind and stops; "passivate" asks its shard to
/// passivate it, and "stop-now" (sent straight to it) stops it.
/// </summary>
internal sealed class CountingEntity : ReceiveActor
{
    private int _count;

    public CountingEntity(IActorRef probe)
    {
        Receive<RestoreCount>(r => _count = r.Count);
        Receive<string>(s => s == "stop", _ =>
        {
            Context.Parent.Tell(new EntityHandOffState(new RestoreCount(_count)));
            probe.Tell($"stopping {Self.Path.Name}", Self);
        });
        Receive<string>(s => s == "stop-now", _ => Context.Stop(Self));
        Receive<string>(s => s == "passivate", _ => Context.Parent.Tell(new Passivate("stop")));
        Receive<string>(s =>
        {
            _count++;
            probe.Tell(new Seen(Self.Path.Name, s, _count, Self.Path.Elements[^3]));
        });
    }

    protected override void PostStop() => Context.System.EventStream.Publish($"entity {Self.Path.Name} stopped");
}

/// <summary>Like <see cref="CountingEntity"/> but stops on "stop" at once (the usual entity).</summary>
internal sealed class QuickStopEntity : ReceiveActor
{
    private int _count;

    public QuickStopEntity(IActorRef probe)
    {
        Receive<RestoreCount>(r => _count = r.Count);
        Receive<string>(s => s == "stop", _ =>
        {
            Context.Parent.Tell(new EntityHandOffState(new RestoreCount(_count)));
            Context.Stop(Self);
        });
        Receive<string>(s =>
        {
            _count++;
            probe.Tell(new Seen(Self.Path.Name, s, _count, Self.Path.Elements[^3]));
        });
    }
}

/// <summary>Starting coordinators and regions for a test and waiting on their state.</summary>
internal static class ShardingTestSupport
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public static ClusterShardingSettings Settings(int bufferSize = 1000, TimeSpan? passivateIdleAfter = null, int maxSimultaneous = 3) => new()
    {
        NumberOfShards = 10,
        RebalanceInterval = TimeSpan.FromSeconds(10),
        RebalanceMaxSimultaneous = maxSimultaneous,
        BufferSize = bufferSize,
        PassivateIdleAfter = passivateIdleAfter ?? TimeSpan.Zero,
        HandOffTimeout = TimeSpan.FromSeconds(60),
        RetryInterval = TimeSpan.FromSeconds(2),
    };

    public static CurrentShardAllocations Allocations(IActorRef coordinator) =>
        coordinator.Ask<CurrentShardAllocations>(GetShardAllocations.Instance, Wait).GetAwaiter().GetResult();

    public static IReadOnlySet<string> HostedBy(IActorRef region) =>
        region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Wait).GetAwaiter().GetResult().Shards.ToHashSet();

    public static Dictionary<string, IActorRef> HomesKnownBy(IActorRef region) =>
        region.Ask<Dictionary<string, IActorRef>>(GetShardHomes.Instance, Wait).GetAwaiter().GetResult();

    /// <summary>Waits until the coordinator has <paramref name="count"/> hosting regions registered.</summary>
    public static void AwaitRegions(IActorRef coordinator, int count) =>
        TestProbe.AwaitCondition(() => Allocations(coordinator).Regions.Count == count, Wait, $"expected {count} registered regions");
}
