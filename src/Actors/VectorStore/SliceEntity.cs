using ActorNet.DataPlane;
using Akka.Actor;

namespace ActorNet.VectorStore;

/// <summary>
/// One slice of a stored vector ("key#slice"), an entity of cluster sharding. Akka messages reach it to locate it,
/// remove it and hand it off; its floats come and go as <see cref="SliceCall"/>s from the data plane service on this
/// node. A new incarnation first looks for its value parked by a node that handed it off (SliceEntity.Start.cs) and
/// serves nothing before that is settled.
/// </summary>
internal sealed partial class SliceEntity : ReceiveActor, IWithUnboundedStash
{
    private readonly VectorStoreHost _host;
    private readonly string _id;
    private readonly string _key;
    private readonly int _slice;

    // The slice's floats; null until initialized.
    private float[]? _value;
    // True when _value is the entity's own array (from the pool, or adopted from a received body): once replaced it goes
    // back to the pool, at once if no reply got it, else through _lease when the last one is released.
    private bool _valueOwned;
    // Counts the replies holding an owned _value; null until the first.
    private ValueLease? _lease;
    // The whole vector's length; 0 until initialized.
    private int _totalLength;

    // True while _value may be seen outside this entity (a caller's array on this node, or sent in a reply): it is then never
    // changed again, and the next update works on a copy (copy-on-write), so pulls need no copy of their own.
    private bool ValueShared => !_valueOwned || _lease is not null;

    public SliceEntity(VectorStoreHost host, string id)
    {
        _host = host;
        _id = id;
        int hash = id.LastIndexOf('#');
        if (hash <= 0 || !int.TryParse(id.AsSpan(hash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _slice))
            throw new ArgumentException($"'{id}' is not a vector store slice id (key#slice)", nameof(id));
        _key = id[..hash];
        Starting();
    }

    /// <inheritdoc/>
    public IStash Stash { get; set; } = null!;

    private void Serving()
    {
        Become(() =>
        {
            Receive<LocateSlice>(locate => Sender.Tell(new SliceLocated(locate.Key, locate.Slice, _host.Address.Host, _host.Address.Port)));
            Receive<SliceCall>(Handle);
            Receive<RemoveSlice>(remove =>
            {
                ReplaceValue(null, owned: false);
                _totalLength = 0;
                ResetSteps();
                Sender.Tell(new SliceRemoved(remove.Key, remove.Slice));
            });
            Receive<AdoptParked>(AdoptLate);
            Receive<VectorStoreHandOff>(_ => HandOff());
            Receive<ParkSearchDone>(_ => { });
            Receive<Claimed>(late => late.Discard());
        });
    }

    private void Handle(SliceCall call)
    {
        if (call.IsOver) return; // the caller gave up (told "unanswered"): not applied
        var request = call.Request;
        switch (request.Op)
        {
            case SliceOp.Init: call.Answer(Init(request, call.Body)); break;
            case SliceOp.Push: call.Answer(Push(request, call.Body)); break;
            case SliceOp.PushAtStep: call.Answer(PushAtStep(request, call.Body)); break;
            case SliceOp.Pull: call.Answer(_value is null ? NotInitialized() : ValueReply()); break;
            case SliceOp.PullAtVersion: PullAtVersion(call); break;
            case SliceOp.PullState: call.Answer(_value is null ? NotInitialized() : StateReply()); break;
            default: call.Answer(SliceAnswer.Fail(SliceStatus.BadRequest, $"a slice entity does not serve {request.Op}")); break;
        }
    }

    private SliceAnswer Init(SliceRequest init, ArraySegment<float> body)
    {
        if (init.TotalLength < 1) return SliceAnswer.Fail(SliceStatus.BadRequest, $"init of '{_key}' slice {_slice}: total length {init.TotalLength}");
        int length = init.WithRuleState ? body.Count / 2 : body.Count;
        if (length < 1 || (init.WithRuleState && body.Count % 2 != 0))
            return SliceAnswer.Fail(SliceStatus.BadRequest, $"init of '{_key}' slice {_slice}: a body of {body.Count} floats");
        ResetSteps();
        _totalLength = init.TotalLength;
        bool adopted = false;
        if (init.WithRuleState)
        {
            ReplaceValue(FloatArrays.CopyOf(body.AsSpan(0, length)), owned: true);
            _ruleState = FloatArrays.CopyOf(body.AsSpan(length, length));
        }
        else if (FloatArrayPool.TryAdoptReceived(body))
        {
            ReplaceValue(body.Array!, owned: true);
            adopted = true;
        }
        else
        {
            // A caller's array on this node, which it may change once answered.
            ReplaceValue(FloatArrays.CopyOf(body), owned: true);
        }
        return adopted ? SliceAnswer.Ok with { BodyAdopted = true } : SliceAnswer.Ok;
    }

    private SliceAnswer Push(SliceRequest push, ArraySegment<float> delta)
    {
        if (_value is null) return NotInitialized();
        if (push.TotalLength != _totalLength)
            return SliceAnswer.Fail(SliceStatus.BadRequest, $"push to '{_key}': the delta has {push.TotalLength} floats but the vector has {_totalLength}");
        if (delta.Count != _value.Length)
            return SliceAnswer.Fail(SliceStatus.BadRequest,
                $"push to '{_key}' slice {_slice}: the delta slice has {delta.Count} floats but the stored slice has {_value.Length} (clients with different slice sizes?)");
        try
        {
            ApplyRule(_host.Registry.Resolve(push.Rule ?? "add"), delta);
        }
        catch (ArgumentException error)
        {
            return SliceAnswer.Fail(SliceStatus.BadRequest, error.Message);
        }
        return SliceAnswer.Ok;
    }

    /// <summary>A reply carrying the value without a copy: from now on it is read-only (see <see cref="ValueShared"/>).</summary>
    private SliceAnswer ValueReply()
    {
        ValueLease? lease = null;
        if (_valueOwned)
        {
            lease = _lease ??= new ValueLease(_value!);
            lease.Acquire();
        }
        return new SliceAnswer(new SliceResponse(SliceStatus.Ok, TotalLength: _totalLength), new ArraySegment<float>(_value!), lease is null ? null : lease.Release);
    }

    // The rule state is changed in place by the next stateful update, so a reply gets a copy of it (given back once sent).
    private SliceAnswer StateReply()
    {
        var copy = _ruleState is null ? FloatArrays.Zeros(_value!.Length) : FloatArrays.CopyOf(_ruleState);
        return new SliceAnswer(new SliceResponse(SliceStatus.Ok, TotalLength: _totalLength), new ArraySegment<float>(copy), () => FloatArrayPool.Return(copy));
    }

    /// <summary>
    /// Makes <paramref name="next"/> the value (<paramref name="owned"/>: the entity's own array, changed in place until a
    /// reply gets it). The old value goes back to the pool if it was the entity's own, once no reply holds it.
    /// </summary>
    private void ReplaceValue(float[]? next, bool owned)
    {
        if (_value is not null && _valueOwned)
        {
            if (_lease is { } lease) lease.Retire();
            else FloatArrayPool.Return(_value);
        }
        _value = next;
        _valueOwned = owned;
        _lease = null;
    }

    private SliceAnswer NotInitialized() => SliceAnswer.Fail(SliceStatus.NotInitialized,
        $"vector '{_key}' slice {_slice} is not initialized (never initialized, or the node holding it was lost: restore it from a snapshot)");
}
