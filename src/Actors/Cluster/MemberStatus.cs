namespace ActorNet.Actors;

/// <summary>
/// The lifecycle state of a cluster member, as in Akka: a node joins (Joining), is moved Up by the leader
/// (or WeaklyUp while the cluster has not converged), leaves gracefully (Leaving, then Exiting) or is
/// downed (Down), and finally is Removed.
/// </summary>
public enum MemberStatus
{
    /// <summary>The node asked to join; the leader has not yet moved it Up.</summary>
    Joining,

    /// <summary>The node joined while some members were unreachable; usable, but not counted for convergence.</summary>
    WeaklyUp,

    /// <summary>A full member of the cluster.</summary>
    Up,

    /// <summary>The node asked to leave; the leader will move it to Exiting.</summary>
    Leaving,

    /// <summary>The node is handing over its work before it is removed.</summary>
    Exiting,

    /// <summary>The node was declared dead (by an operator or a downing strategy); it will be removed.</summary>
    Down,

    /// <summary>The node is no longer part of the cluster; this incarnation can never come back.</summary>
    Removed,
}
