namespace ActorNet.Actors;

/// <summary>
/// Thrown when a member would move between two statuses that Akka's membership rules do not connect,
/// for example from <see cref="MemberStatus.Removed"/> back to <see cref="MemberStatus.Up"/>.
/// </summary>
public sealed class InvalidMemberStatusTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception for one member and the refused move.</summary>
    /// <param name="node">The member whose status would change.</param>
    /// <param name="from">The member's current status.</param>
    /// <param name="to">The refused new status.</param>
    public InvalidMemberStatusTransitionException(UniqueAddress node, MemberStatus from, MemberStatus to)
        : base($"Invalid member status transition for {node}: {from} -> {to}.")
    {
        Node = node;
        From = from;
        To = to;
    }

    /// <summary>The member whose status would have changed.</summary>
    public UniqueAddress Node { get; }

    /// <summary>The member's current status.</summary>
    public MemberStatus From { get; }

    /// <summary>The refused new status.</summary>
    public MemberStatus To { get; }
}
