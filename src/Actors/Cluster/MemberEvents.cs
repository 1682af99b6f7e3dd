namespace ActorNet.Actors;

/// <summary>A member's status changed; <see cref="Member"/> carries the new status.</summary>
/// <param name="Member">The member, in its new status.</param>
public abstract record MemberEvent(Member Member) : ClusterEvent;

/// <summary>A node asked to join and is now Joining.</summary>
/// <param name="Member">The member, in status Joining.</param>
public sealed record MemberJoined(Member Member) : MemberEvent(Member);

/// <summary>A joining node was made WeaklyUp while the cluster could not converge.</summary>
/// <param name="Member">The member, in status WeaklyUp.</param>
public sealed record MemberWeaklyUp(Member Member) : MemberEvent(Member);

/// <summary>The leader moved a member Up: it is now a full member.</summary>
/// <param name="Member">The member, in status Up.</param>
public sealed record MemberUp(Member Member) : MemberEvent(Member);

/// <summary>A member started to leave gracefully (status Leaving).</summary>
/// <param name="Member">The member, in status Leaving.</param>
public sealed record MemberLeft(Member Member) : MemberEvent(Member);

/// <summary>The leader moved a leaving member to Exiting; it hands over its work before removal.</summary>
/// <param name="Member">The member, in status Exiting.</param>
public sealed record MemberExited(Member Member) : MemberEvent(Member);

/// <summary>A member was marked Down; it will be removed.</summary>
/// <param name="Member">The member, in status Down.</param>
public sealed record MemberDowned(Member Member) : MemberEvent(Member);

/// <summary>A member was removed from the cluster; that incarnation will never return.</summary>
/// <param name="Member">The member, in status Removed.</param>
/// <param name="PreviousStatus">The status it had before removal (Exiting after a graceful leave, Down otherwise).</param>
public sealed record MemberRemoved(Member Member, MemberStatus PreviousStatus) : MemberEvent(Member);
