namespace ActorNet.Actors;

/// <summary>The failure detectors changed their verdict about a member.</summary>
/// <param name="Member">The member concerned.</param>
public abstract record ReachabilityEvent(Member Member) : ClusterEvent;

/// <summary>Some node's failure detector considers the member unreachable.</summary>
/// <param name="Member">The member that stopped answering heartbeats.</param>
public sealed record UnreachableMember(Member Member) : ReachabilityEvent(Member);

/// <summary>Every node that considered the member unreachable hears from it again.</summary>
/// <param name="Member">The member that is reachable again.</param>
public sealed record ReachableMember(Member Member) : ReachabilityEvent(Member);
