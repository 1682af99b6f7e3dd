namespace ActorNet.Actors;

/// <summary>Which nodes a split brain resolver downs (Akka's SBR decisions).</summary>
internal enum DowningDecision
{
    /// <summary>This side is the one to keep: down the unreachable nodes.</summary>
    DownUnreachable,

    /// <summary>This side is the one to lose: down the reachable nodes, this node included.</summary>
    DownReachable,

    /// <summary>No side can safely be kept (e.g. no member has the role): down every node.</summary>
    DownAll,

    /// <summary>
    /// Some nodes are unreachable over some links yet still connected through others: down those, plus
    /// whatever the decision over the remaining clean partition says.
    /// </summary>
    DownIndirectlyConnected,
}
