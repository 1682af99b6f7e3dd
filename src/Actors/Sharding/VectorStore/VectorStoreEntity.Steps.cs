using ActorNet.Actors.Serialization;

namespace ActorNet.Actors.Sharding;

/// <summary>Synchronous steps and rules with per-slice state (see SynchronizedStepMessages.cs).</summary>
internal sealed partial class VectorStoreEntity
{
    // Steps applied since the last initialization.
    private long _version;
    // The deltas of the step in progress, summed, and how many arrived.
    private float[]? _stepSum;
    private int _stepCount;
    // The identified contributors of the step in progress (pushes with an id are idempotent).
    private readonly HashSet<int> _stepContributors = [];
    // Pulls waiting for a version not reached yet.
    private readonly List<(IActorRef Sender, PullSliceAtVersion Pull)> _waiting = [];
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
        foreach (var (sender, pull) in _waiting)
            sender.Tell(new Status.Failure(new InvalidOperationException($"vector '{pull.Key}' was initialized again while a pull waited for version {pull.Version}")));
        _waiting.Clear();
    }

    // The step in progress and the rule's state, carried on hand-off (waiting pulls are not: their clients ask again).
    private SliceStepState? CurrentStep() =>
        _stepSum is null && _ruleState is null ? null : new SliceStepState(_stepSum, _stepCount, [.. _stepContributors], _ruleState);

    private void RestoreStep(SliceStepState step)
    {
        // Copied: both arrays are changed in place later, and they belong to the InitSlice (which a client may send again).
        _stepSum = step.StepSum is null ? null : FloatArrays.CopyOf(step.StepSum);
        _stepCount = step.StepCount;
        _stepContributors.UnionWith(step.Contributors);
        _ruleState = step.RuleState is null ? null : FloatArrays.CopyOf(step.RuleState);
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

    private object PushAtStep(PushSliceAtStep push, VectorUpdateRegistry updates)
    {
        if (_value is null) return new Status.Failure(NotInitialized(push.Key, push.Slice));
        if (push.TotalLength != _identity!.TotalLength || push.Delta.Count != _value.Length)
            return new Status.Failure(new ArgumentException(
                $"push to '{push.Key}' slice {push.Slice}: {push.Delta.Count} of {push.TotalLength} floats, the stored slice has {_value.Length} of {_identity.TotalLength}"));
        if (push.Contributors < 1)
            return new Status.Failure(new ArgumentException($"push to '{push.Key}': a step needs at least one contributor, not {push.Contributors}"));
        // A client that already counted in this step, or in a step since completed, is pushing again (a re-run task).
        bool identified = push.Contributor >= 0;
        if (identified && (push.Step < _version || (push.Step == _version && _stepContributors.Contains(push.Contributor))))
            return new SliceAck(push.Key, push.Slice);
        if (push.Step != _version)
            return new Status.Failure(new InvalidOperationException(
                $"push to '{push.Key}' slice {push.Slice} for step {push.Step}, but the slice is at step {_version} (a client ran ahead or repeated a step)"));
        IVectorUpdate rule;
        try
        {
            rule = updates.Resolve(push.Rule);
        }
        catch (ArgumentException error)
        {
            return new Status.Failure(error);
        }
        if (identified) _stepContributors.Add(push.Contributor);
        bool completes = ++_stepCount >= push.Contributors;
        if (_stepSum is null)
            _stepSum = FloatArrayPool.TryAdoptReceived(push.Delta) ? push.Delta.Array! : FloatArrays.CopyOf(push.Delta);
        else if (completes)
            BuiltInVectorUpdates.AddThenScale(_stepSum, push.Delta, 1f / _stepCount); // the sum and the mean in one pass
        else
            BuiltInVectorUpdates.ScaledAdd(_stepSum, push.Delta, 1f);
        if (completes)
        {
            if (rule is BuiltInVectorUpdates.Assign)
            {
                // The mean is the new value: take the entity's own array rather than copying it over the old one, which
                // goes back to the pool (once the replies holding it are released).
                ReplaceValue(_stepSum, owned: true);
            }
            else
            {
                ApplyRule(rule, _stepSum);
            }
            _stepSum = null;
            _stepCount = 0;
            _stepContributors.Clear();
            _version++;
            AnswerWaitingPulls();
        }
        return new SliceAck(push.Key, push.Slice);
    }

    private void PullAtVersion(PullSliceAtVersion pull)
    {
        if (_value is null)
            Sender.Tell(new Status.Failure(NotInitialized(pull.Key, pull.Slice)));
        else if (_version >= pull.Version)
            Sender.Tell(ValueReply(pull.Key, pull.Slice));
        else
            _waiting.Add((Sender, pull));
    }

    private void AnswerWaitingPulls()
    {
        for (int i = _waiting.Count - 1; i >= 0; i--)
        {
            var (sender, pull) = _waiting[i];
            if (pull.Version > _version) continue;
            sender.Tell(ValueReply(pull.Key, pull.Slice));
            _waiting.RemoveAt(i);
        }
    }
}
