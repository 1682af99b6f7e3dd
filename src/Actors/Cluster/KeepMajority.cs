using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>
/// Akka's keep-majority split brain strategy as a pure function: the side that sees more than half of
/// the counted members keeps running and downs the rest; on a tie the side holding the lowest address
/// keeps running. With a role, only members with that role are counted. To guard against a partition
/// that happens while members change, a keep decision is confirmed counting this side pessimistically
/// (no Leaving) and the other side optimistically (with Joining); if the two disagree, everyone is downed.
/// </summary>
internal sealed class KeepMajority
{
    public KeepMajority(string? role = null) => Role = string.IsNullOrEmpty(role) ? null : role;

    /// <summary>The role whose members are counted, or null to count all members.</summary>
    public string? Role { get; }

    /// <summary>The decision of <paramref name="self"/>, or null when it sees no unreachable member.</summary>
    public SplitBrainDecision? Decide(Membership state, UniqueAddress self)
    {
        var view = SplitBrainView.From(state, self);
        if (view.Unreachable.IsEmpty)
            return null;
        var decision = Decide(view);
        return new SplitBrainDecision(decision, NodesToDown(view, decision, self));
    }

    internal DowningDecision Decide(SplitBrainView view)
    {
        if (!view.IndirectlyConnected.IsEmpty)
            return DowningDecision.DownIndirectlyConnected;
        var first = Majority(view, includingPossiblyUp: false, excludingPossiblyExiting: false, includingPossiblyUpOtherSide: false);
        if (first != DowningDecision.DownUnreachable)
            return first;
        var edgeCase = Majority(view, includingPossiblyUp: false, excludingPossiblyExiting: true, includingPossiblyUpOtherSide: true);
        return edgeCase == DowningDecision.DownUnreachable ? DowningDecision.DownUnreachable : DowningDecision.DownAll;
    }

    private DowningDecision Majority(SplitBrainView view, bool includingPossiblyUp, bool excludingPossiblyExiting, bool includingPossiblyUpOtherSide)
    {
        var counted = view.Counted(Role, includingPossiblyUp, excludingPossiblyExiting).ToList();
        if (counted.Count == 0)
            return DowningDecision.DownAll;
        int thisSide = counted.Count(m => !view.IsUnreachable(m));
        int otherSide = view.Counted(Role, includingPossiblyUpOtherSide, excludingPossiblyExiting: false).Count(view.IsUnreachable);
        if (thisSide == otherSide)
            return view.IsUnreachable(counted[0]) ? DowningDecision.DownReachable : DowningDecision.DownUnreachable;
        return thisSide > otherSide ? DowningDecision.DownUnreachable : DowningDecision.DownReachable;
    }

    private ImmutableSortedSet<UniqueAddress> NodesToDown(SplitBrainView view, DowningDecision decision, UniqueAddress self)
    {
        var downable = view.Downable;
        switch (decision)
        {
            case DowningDecision.DownUnreachable:
                return downable.Intersect(view.Unreachable);
            case DowningDecision.DownReachable:
                return downable.Except(view.Unreachable);
            case DowningDecision.DownAll:
                return downable;
            default:
                var indirect = view.IndirectlyConnected;
                return downable.Intersect(indirect.Union(AdditionalWhenIndirectlyConnected(view, indirect, self)));
        }
    }

    // Decide again over the clean part of the partition: ignore the observations between the
    // indirectly connected nodes and see what the ordinary rule downs.
    private ImmutableSortedSet<UniqueAddress> AdditionalWhenIndirectlyConnected(SplitBrainView view, ImmutableSortedSet<UniqueAddress> indirect, UniqueAddress self)
    {
        if (view.Unreachable.Except(indirect).IsEmpty)
            return [];
        var clean = view.WithoutRecordsBetween(view.IndirectlyConnectedByCycle, view.IndirectlyConnectedBySeen, self);
        var decision = Decide(clean);
        // Still tangled after filtering: nothing safe is left to keep.
        return decision == DowningDecision.DownIndirectlyConnected ? view.Downable : NodesToDown(clean, decision, self);
    }
}
