namespace ActorNet.Actors.Sharding;

// The messages regions, shards and the coordinator exchange. Small records so they can later travel over
// remoting; the coordinator watches every region and every region watches the coordinator.

/// <summary>
/// A region that hosts shards announces itself to the coordinator (repeated until acknowledged), with the
/// shards it hosts already: a coordinator that took over from another one rebuilds its table from these.
/// </summary>
internal sealed record Register(IActorRef Region, IReadOnlyCollection<string> HostedShards);

/// <summary>A proxy (hosts nothing) announces itself so it hears about handoffs.</summary>
internal sealed record RegisterProxy(IActorRef Proxy);

/// <summary>The coordinator accepted a <see cref="Register"/> or <see cref="RegisterProxy"/>.</summary>
internal sealed record RegisterAck(IActorRef Coordinator);

/// <summary>A region asks where a shard lives; the answer is a <see cref="ShardHome"/>, delayed while the shard moves.</summary>
internal sealed record GetShardHome(string ShardId);

/// <summary>The coordinator's answer: <paramref name="Region"/> hosts <paramref name="ShardId"/>.</summary>
internal sealed record ShardHome(string ShardId, IActorRef Region);

/// <summary>
/// The coordinator tells a region to host a shard; <paramref name="Carried"/> holds the state the shard's
/// entities left behind at their previous home, delivered to them before anything else.
/// </summary>
internal sealed record HostShard(string ShardId, IReadOnlyList<CarriedEntityMessage> Carried);

/// <summary>First step of a handoff: every region stops routing to the shard and buffers its messages.</summary>
internal sealed record BeginHandOff(string ShardId);

/// <summary>A region has stopped routing to the shard.</summary>
internal sealed record BeginHandOffAck(string ShardId);

/// <summary>Second step of a handoff: the owning region's shard stops its entities.</summary>
internal sealed record HandOff(string ShardId);

/// <summary>The shard's entities have stopped; <paramref name="Carried"/> is what they asked to pass on.</summary>
internal sealed record ShardStopped(string ShardId, IReadOnlyList<CarriedEntityMessage> Carried);

/// <summary>A region leaves: the coordinator hands all its shards off and allocates nothing more to it.</summary>
internal sealed record GracefulShutdownRequest(IActorRef Region);

/// <summary>A message for an entity that moves with its shard (handoff state, or messages buffered during passivation).</summary>
internal sealed record CarriedEntityMessage(string EntityId, object Message, IActorRef Sender);

/// <summary>Test and tooling query to a region: its cached shard homes (answered with a dictionary).</summary>
internal sealed record GetShardHomes
{
    public static GetShardHomes Instance { get; } = new();
}
