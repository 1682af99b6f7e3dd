using ActorNet.DataPlane;

namespace ActorNet.VectorStore;

/// <summary>
/// Synchronous steps (MXNet's dist_sync) and rules with per-slice state. A slice's version counts the steps applied
/// since its last initialization; each of Contributors clients pushes once for step = version, and when the last push
/// arrives the slice applies the rule to the mean of the deltas and moves to version + 1. A pull for a version not
/// reached yet is answered when the slice gets there (or given up by its data plane request).
/// </summary>
internal sealed partial class SliceEntity
{
    // Steps applied since the last initialization.
    private long _version;
    // The deltas of the step in progress, summed, and how many arrived.
    private float[]? _stepSum;
    private int _stepCount;
    // The identified contributors of the step in progress (pushes with an id are idempotent).
    private readonly HashSet<int> _stepContributors = [];
    // Pulls waiting for a version not reached yet.
    private readonly List<SliceCall> _waiting = [];
    // The state of a stateful rule (e.g. momentum history), created on its first use.
    private float[]? _ruleState;

    private void ResetSteps()
    {
        _version = 0;
        _stepSum = null;
        _stepCount = 0;
        _stepContributors.Clear();
        _ruleState = null;
        // Waiting pulls asked about the previous incarnation of the key: they will never be answered right.
        foreach (var call in _waiting)
            call.Answer(SliceAnswer.Fail(SliceStatus.Conflict, $"vector '{_key}' was initialized again while a pull waited for version {call.Request.Version}"));
        _waiting.Clear();
    }

    private void ApplyRule(IVectorUpdate rule, ReadOnlySpan<float> delta)
    {
        if (ValueShared) // copy-on-write: the old array may still be read by whoever got it in a reply
            ReplaceValue(rule is BuiltInVectorUpdates.Assign ? FloatArrays.Uninitialized(_value!.Length) : FloatArrays.CopyOf(_value), owned: true);
        if (rule is IStatefulVectorUpdate stateful)
            stateful.Apply(_value, delta, _ruleState ??= new float[_value!.Length]);
        else
            rule.Apply(_value, delta);
    }

    private SliceAnswer PushAtStep(SliceRequest push, ArraySegment<float> delta)
    {
        if (_value is null) return NotInitialized();
        if (push.TotalLength != _totalLength || delta.Count != _value.Length)
            return SliceAnswer.Fail(SliceStatus.BadRequest,
                $"push to '{_key}' slice {_slice}: {delta.Count} of {push.TotalLength} floats, the stored slice has {_value.Length} of {_totalLength}");
        if (push.Contributors < 1)
            return SliceAnswer.Fail(SliceStatus.BadRequest, $"push to '{_key}': a step needs at least one contributor, not {push.Contributors}");
        // A client that already counted in this step, or in a step since completed, is pushing again (a re-run task).
        bool identified = push.Contributor >= 0;
        if (identified && (push.Step < _version || (push.Step == _version && _stepContributors.Contains(push.Contributor))))
            return SliceAnswer.Ok;
        if (push.Step != _version)
            return SliceAnswer.Fail(SliceStatus.Conflict,
                $"push to '{_key}' slice {_slice} for step {push.Step}, but the slice is at step {_version} (a client ran ahead or repeated a step)");
        IVectorUpdate rule;
        try
        {
            rule = _host.Registry.Resolve(push.Rule ?? "add");
        }
        catch (ArgumentException error)
        {
            return SliceAnswer.Fail(SliceStatus.BadRequest, error.Message);
        }
        if (identified) _stepContributors.Add(push.Contributor);
        bool completes = ++_stepCount >= push.Contributors;
        bool adopted = false;
        if (_stepSum is null)
        {
            adopted = FloatArrayPool.TryAdoptReceived(delta);
            _stepSum = adopted ? delta.Array! : FloatArrays.CopyOf(delta);
        }
        else if (completes)
        {
            BuiltInVectorUpdates.AddThenScale(_stepSum, delta, 1f / _stepCount); // the sum and the mean in one pass
        }
        else
        {
            BuiltInVectorUpdates.ScaledAdd(_stepSum, delta, 1f);
        }
        if (completes)
        {
            if (rule is BuiltInVectorUpdates.Assign)
                ReplaceValue(_stepSum, owned: true); // the mean is the new value: no copy over the old one
            else
                ApplyRule(rule, _stepSum);
            _stepSum = null;
            _stepCount = 0;
            _stepContributors.Clear();
            _version++;
            AnswerWaitingPulls();
        }
        return adopted ? SliceAnswer.Ok with { BodyAdopted = true } : SliceAnswer.Ok;
    }

    private void PullAtVersion(SliceCall call)
    {
        if (_value is null)
            call.Answer(NotInitialized());
        else if (_version >= call.Request.Version)
            call.Answer(ValueReply());
        else
        {
            _waiting.RemoveAll(waiting => waiting.IsOver); // given up by their requests
            _waiting.Add(call);
        }
    }

    private void AnswerWaitingPulls()
    {
        for (int i = _waiting.Count - 1; i >= 0; i--)
        {
            var call = _waiting[i];
            if (call.Request.Version > _version) continue;
            if (!call.IsOver) call.Answer(ValueReply());
            _waiting.RemoveAt(i);
        }
    }
}
