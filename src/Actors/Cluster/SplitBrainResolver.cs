namespace ActorNet.Actors;

/// <summary>
/// When to act on a downing decision (Akka's split brain resolver, without the actor): only the leader
/// of this side decides, only while some unreachable member is not already Down or Exiting, and only
/// after the membership has been stable for stable-after.
/// </summary>
internal sealed class SplitBrainResolver
{
    private readonly KeepMajority _strategy;
    private readonly StableAfterTracker _stability;
    private readonly UniqueAddress _self;

    public SplitBrainResolver(SplitBrainResolverOptions options, UniqueAddress self, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!options.IsEnabled)
            throw new ArgumentException($"The downing strategy is '{options.Strategy}'; no resolver is needed.", nameof(options));
        _strategy = new KeepMajority(options.Role);
        _stability = new StableAfterTracker(options.StableAfter, time);
        _self = self;
    }

    public StableAfterTracker Stability => _stability;

    /// <summary>
    /// Looks at the latest snapshot (call on every new snapshot and on a timer) and returns the decision
    /// to apply now, or null when there is nothing to do yet.
    /// </summary>
    public SplitBrainDecision? Tick(Membership state)
    {
        _stability.Observe(state, _self);
        if (!_self.Equals(state.Leader(_self)))
            return null;
        var view = SplitBrainView.From(state, _self);
        bool pending = view.Unreachable.Any(n => state.Member(n)?.Status is not (MemberStatus.Down or MemberStatus.Exiting));
        if (!pending || !_stability.IsStable)
            return null;
        var decision = _strategy.Decide(state, _self);
        if (decision is not null)
            _stability.Reset();
        return decision;
    }
}
