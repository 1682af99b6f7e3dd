using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>
/// Tells when the cluster has been still long enough for a downing decision (Akka's stable-after): the
/// clock restarts whenever a member becomes Up or is removed, or the set of unreachable members changes.
/// Members that are only joining or leaving do not restart it, as in Akka.
/// </summary>
internal sealed class StableAfterTracker
{
    private readonly TimeProvider _time;

    // The settled members (not Joining/WeaklyUp) and the unreachable ones, as last observed.
    private (ImmutableSortedSet<UniqueAddress> Settled, ImmutableSortedSet<UniqueAddress> Unreachable)? _last;

    // Timestamp of the last change.
    private long _changedAt;

    public StableAfterTracker(TimeSpan stableAfter, TimeProvider time)
    {
        if (stableAfter < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(stableAfter), stableAfter, "stable-after must not be negative.");
        ArgumentNullException.ThrowIfNull(time);
        StableAfter = stableAfter;
        _time = time;
        _changedAt = time.GetTimestamp();
    }

    public TimeSpan StableAfter { get; }

    /// <summary>Notes the current snapshot; restarts the clock when it differs in a way that matters.</summary>
    /// <returns>Whether the clock was restarted.</returns>
    public bool Observe(Membership state, UniqueAddress self)
    {
        var settled = state.Members.Where(m => m.Status is not (MemberStatus.Joining or MemberStatus.WeaklyUp))
            .Select(m => m.UniqueAddress).ToImmutableSortedSet();
        var unreachable = SplitBrainView.From(state, self).Unreachable;
        if (_last is { } last && last.Settled.SetEquals(settled) && last.Unreachable.SetEquals(unreachable))
            return false;
        _last = (settled, unreachable);
        Reset();
        return true;
    }

    /// <summary>Restarts the clock.</summary>
    public void Reset() => _changedAt = _time.GetTimestamp();

    public TimeSpan StableFor => _time.GetElapsedTime(_changedAt);

    public bool IsStable => StableFor >= StableAfter;

    /// <summary>Time left until stable; zero once stable.</summary>
    public TimeSpan Remaining => IsStable ? TimeSpan.Zero : StableAfter - StableFor;
}
