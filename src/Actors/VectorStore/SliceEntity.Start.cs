using ActorNet.DataPlane;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace ActorNet.VectorStore;

/// <summary>
/// How an incarnation starts. Akka starts an entity empty on its shard's new node; when the shard was handed off by a
/// node leaving, the old incarnation parked its state there (SliceEntity.HandOff.cs). So a new incarnation asks the
/// other hosting members' parking lots whether they hold it, and claims it over the data plane from the one that does
/// (at once when told by an <see cref="AdoptParked"/>), stashing every other message until that is settled.
/// </summary>
internal sealed partial class SliceEntity
{
    // How long a parking lot may take to answer before it counts as holding nothing (an unreachable member).
    private static readonly TimeSpan SearchTimeout = TimeSpan.FromSeconds(3);

    private bool _searchDone;
    private int _pendingClaims;

    /// <inheritdoc/>
    protected override void PreStart()
    {
        _host.Slices[_id] = Self;
        SearchParked();
    }

    /// <inheritdoc/>
    protected override void PostStop()
    {
        _host.Slices.TryRemove(KeyValuePair.Create(_id, Self));
        foreach (var call in _waiting) call.Answer(SliceAnswer.Fail(SliceStatus.NotHere, $"slice '{_id}' stopped"));
        _waiting.Clear();
    }

    private void Starting()
    {
        Receive<AdoptParked>(adopt => Claim(new DataPlaneAddress(adopt.Host, adopt.Port)));
        Receive<ParkSearchDone>(done =>
        {
            _searchDone = true;
            if (done.At is { } at) Claim(at);
            else if (_pendingClaims == 0) StartServing();
        });
        Receive<Claimed>(Install);
        Receive<VectorStoreHandOff>(_ => Context.Stop(Self)); // nothing to park yet
        ReceiveAny(_ => Stash.Stash());
    }

    private void StartServing()
    {
        Serving();
        Stash.UnstashAll();
    }

    // A wake-up for an entity already serving: only an empty one takes the parked value (a newer init wins).
    private void AdoptLate(AdoptParked adopt)
    {
        if (_value is not null) return;
        _searchDone = true;
        Become(Starting);
        Claim(new DataPlaneAddress(adopt.Host, adopt.Port));
    }

    private void SearchParked()
    {
        var cluster = Cluster.Get(Context.System);
        var lots = cluster.State.Members
            .Where(m => m.Address != cluster.SelfAddress && m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.WeaklyUp
                && (_host.Role is null || m.HasRole(_host.Role)))
            .Select(m => Context.ActorSelection(new RootActorPath(m.Address) / "user" / VectorStoreHost.ParkingActorName))
            .ToList();
        if (lots.Count == 0)
        {
            Self.Tell(new ParkSearchDone(null));
            return;
        }
        var question = new FindParked(_key, _slice);
        Task.WhenAll(lots.Select(async lot =>
        {
            try
            {
                var answer = await lot.Ask<ParkedAnswer>(question, SearchTimeout).ConfigureAwait(false);
                return answer.Found ? new DataPlaneAddress(answer.Host, answer.Port) : (DataPlaneAddress?)null;
            }
            catch (Exception error) when (error is AskTimeoutException or TaskCanceledException)
            {
                return null; // unreachable or not hosting: it holds nothing we could claim in time
            }
        })).ContinueWith(all => new ParkSearchDone(all.IsCompletedSuccessfully ? all.Result.FirstOrDefault(at => at is not null) : null),
            TaskScheduler.Default).PipeTo(Self);
    }

    private void Claim(DataPlaneAddress at)
    {
        _pendingClaims++;
        var header = SliceCodec.Write(new SliceRequest(SliceOp.Claim, _key, _slice));
        _host.DataPlane.RequestAsync(at, SliceCodec.Service, header)
            .ContinueWith(reply => new Claimed(at, reply.IsCompletedSuccessfully ? reply.Result : null, reply.Exception?.GetBaseException()), TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void Install(Claimed claimed)
    {
        _pendingClaims--;
        SliceResponse? header = null;
        if (claimed.Reply is { } reply)
        {
            try
            {
                header = SliceCodec.Read<SliceResponse>(reply.Header);
            }
            catch (InvalidDataException error)
            {
                Context.GetLogger().Warning("vector store: claim of {0} from {1} answered malformed: {2}", _id, claimed.At, error.Message);
            }
        }
        if (header is { Status: SliceStatus.Ok } && Restore(header, claimed.Reply!.Body.Floats))
        {
            Context.GetLogger().Info("vector store: {0} took over from {1} (version {2})", _id, claimed.At, _version);
            StartServing();
            return;
        }
        claimed.Discard();
        if (claimed.Error is { } lost)
            Context.GetLogger().Warning("vector store: could not claim {0} parked at {1}, its value is lost: {2}", _id, claimed.At, lost.Message);
        if (_searchDone && _pendingClaims == 0) StartServing();
    }

    // The parked state: the value, then the open step's sum and the rule state when the header says they follow.
    private bool Restore(SliceResponse header, ArraySegment<float> body)
    {
        int parts = 1 + (header.HasStepSum ? 1 : 0) + (header.HasRuleState ? 1 : 0);
        if (body.Count == 0 || body.Count % parts != 0 || header.TotalLength < body.Count / parts) return false;
        int length = body.Count / parts;
        ResetSteps();
        _totalLength = header.TotalLength;
        _version = header.Version;
        _stepCount = header.StepCount;
        _stepContributors.UnionWith(header.StepContributors ?? []);
        int next = length;
        if (header.HasStepSum)
        {
            _stepSum = FloatArrays.CopyOf(body.AsSpan(next, length));
            next += length;
        }
        if (header.HasRuleState) _ruleState = FloatArrays.CopyOf(body.AsSpan(next, length));
        if (parts == 1 && FloatArrayPool.TryAdoptReceived(body))
        {
            ReplaceValue(body.Array!, owned: true);
        }
        else
        {
            ReplaceValue(FloatArrays.CopyOf(body.AsSpan(0, length)), owned: true);
            FloatArrayPool.TryReturnReceived(body);
        }
        return true;
    }

    /// <summary>The parking lots' answer: where the slice is parked, or null.</summary>
    private sealed record ParkSearchDone(DataPlaneAddress? At);

    /// <summary>A claim's reply (or why there is none).</summary>
    private sealed record Claimed(DataPlaneAddress At, BlockReply? Reply, Exception? Error)
    {
        public void Discard() => Reply?.Body.ReturnToPool();
    }
}
