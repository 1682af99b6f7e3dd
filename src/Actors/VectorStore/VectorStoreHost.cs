using System.Collections.Concurrent;
using ActorNet.DataPlane;
using Akka.Actor;
using Akka.Cluster;

namespace ActorNet.VectorStore;

/// <summary>
/// This node's side of the store (one per actor system): its data plane node, the slice entities running here (which
/// the data plane service hands requests to), the parking lot of handed-off slices and the rules. A hosting node also
/// serves the "vector-store" data plane service and a parking actor, and waits on leaving for its parked slices to be
/// claimed.
/// </summary>
internal sealed class VectorStoreHost : IExtension
{
    /// <summary>The parking actor's name under /user.</summary>
    public const string ParkingActorName = "vector-store-parking";

    // How long a leaving node waits for its parked slices to be claimed (within Akka's cluster-exiting phase).
    private static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(9);

    private readonly ExtendedActorSystem _system;
    private readonly Lock _gate = new();
    private bool _hosting;

    public VectorStoreHost(ExtendedActorSystem system) => _system = system;

    public static VectorStoreHost Get(ActorSystem system) => system.WithExtension<VectorStoreHost, VectorStoreHostProvider>();

    public DataPlaneNode DataPlane => DataPlaneExtension.Get(_system).Node;

    public DataPlaneAddress Address => DataPlane.Address;

    /// <summary>The slice entities on this node by id.</summary>
    public ConcurrentDictionary<string, IActorRef> Slices { get; } = new(StringComparer.Ordinal);

    public ParkingLot Parking { get; } = new();

    /// <summary>Where this node's clients last found each slice (a stale entry is dropped when its node answers "not here" or is lost).</summary>
    public ConcurrentDictionary<string, DataPlaneAddress> Locations { get; } = new(StringComparer.Ordinal);

    /// <summary>The rules the slices here apply (the first hosting start's).</summary>
    public VectorUpdateRegistry Registry { get; private set; } = new();

    /// <summary>The role whose members host the store; null: every member.</summary>
    public string? Role { get; private set; }

    /// <summary>Starts serving slices on this node (once): the data plane service, the parking actor, the wait on leaving.</summary>
    public void Host(VectorUpdateRegistry registry, string? role)
    {
        lock (_gate)
        {
            if (_hosting) return;
            var dataPlane = DataPlane; // fails clearly before anything starts when no node is attached
            Registry = registry;
            Role = role;
            dataPlane.Register(SliceCodec.Service, new SliceService(this));
            _system.ActorOf(Props.Create(() => new ParkingActor(this)), ParkingActorName);
            CoordinatedShutdown.Get(_system).AddTask(CoordinatedShutdown.PhaseClusterExiting, "vector-store-parked-claims", async () =>
            {
                // Parked slices leave with their claims; past the wait the ones left are lost (the phase must end).
                await Task.WhenAny(Parking.WhenEmpty(), Task.Delay(ClaimWait)).ConfigureAwait(false);
                return Akka.Done.Instance;
            });
            _hosting = true;
        }
    }

    /// <summary>Sends <paramref name="message"/> (a hand-off's wake-up) to the store's region on another hosting member, which routes it to the entity's next home.</summary>
    public void Wake(object message)
    {
        var cluster = Cluster.Get(_system);
        var other = cluster.State.Members
            .Where(m => m.Status == MemberStatus.Up && m.Address != cluster.SelfAddress && (Role is null || m.HasRole(Role)))
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .FirstOrDefault();
        if (other is null) return; // no one to take it: the next request's search still finds what is parked
        _system.ActorSelection(new RootActorPath(other.Address) / "system" / "sharding" / ShardedVectorStore.TypeName).Tell(message);
    }

    /// <summary>
    /// Hands <paramref name="request"/> to the slice entity here and waits for its answer, at most the request's wait
    /// (then <see cref="SliceStatus.Unanswered"/>; the entity skips it if it had not started on it). Claims go to the parking lot.
    /// </summary>
    public async Task<SliceAnswer> CallAsync(SliceRequest request, ArraySegment<float> body, CancellationToken cancellationToken)
    {
        string id = SliceCodec.SliceId(request.Key, request.Slice);
        if (request.Op == SliceOp.Claim) return Parking.Claim(id);
        if (!Slices.TryGetValue(id, out var entity))
            return SliceAnswer.Fail(SliceStatus.NotHere, $"slice '{id}' does not live on {Address}");
        var call = new SliceCall(request, body);
        entity.Tell(call);
        try
        {
            return await call.Reply.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(1, request.WaitMilliseconds)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is TimeoutException or OperationCanceledException)
        {
            if (!call.TryAbandon()) return await call.Reply.ConfigureAwait(false); // answered just now: the answer is ours
            if (error is OperationCanceledException) throw;
            return SliceAnswer.Fail(SliceStatus.Unanswered, $"slice '{id}' did not answer {request.Op} within {request.WaitMilliseconds} ms");
        }
    }
}

/// <summary>Creates <see cref="VectorStoreHost"/> for Akka.</summary>
internal sealed class VectorStoreHostProvider : ExtensionIdProvider<VectorStoreHost>
{
    public override VectorStoreHost CreateExtension(ExtendedActorSystem system) => new(system);
}

/// <summary>The "vector-store" data plane service: decodes the header and hands the request to the slice here.</summary>
internal sealed class SliceService(VectorStoreHost host) : IBlockHandler
{
    public async ValueTask<BlockReply> HandleAsync(BlockRequest request, CancellationToken cancellationToken)
    {
        var header = SliceCodec.Read<SliceRequest>(request.Header);
        var answer = await host.CallAsync(header, request.Body.Floats, cancellationToken).ConfigureAwait(false);
        // The entity has done with a received delta once it answered (unless it kept it); one it did not answer in time
        // may still be being read, so it is left to the collector.
        if (!answer.BodyAdopted && answer.Header.Status != SliceStatus.Unanswered) request.Body.ReturnToPool();
        var body = answer.Body.Array is null || answer.Body.Count == 0 ? BlockBody.Empty : BlockBody.FromFloats(answer.Body);
        return new BlockReply(SliceCodec.Write(answer.Header), body, answer.Release);
    }
}
