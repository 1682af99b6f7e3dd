using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>What a split brain resolver decided and the nodes to mark Down because of it.</summary>
/// <param name="Decision">Which side (or which nodes) lose.</param>
/// <param name="NodesToDown">The members to down, sorted by address; may include the deciding node.</param>
internal sealed record SplitBrainDecision(DowningDecision Decision, ImmutableSortedSet<UniqueAddress> NodesToDown)
{
    /// <summary>Downs the decided nodes in <paramref name="state"/>, the deciding node's own entry last.</summary>
    public Membership Apply(Membership state, UniqueAddress self) =>
        NodesToDown.OrderBy(n => n.Equals(self) ? 1 : 0).Aggregate(state, (s, node) => s.Down(node, self));
}
