namespace ActorNet.Actors;

/// <summary>The member status changes Akka allows; staying in the same status is always allowed.</summary>
internal static class MemberStatusTransitions
{
    public static bool IsAllowed(MemberStatus from, MemberStatus to) => from == to || (from, to) switch
    {
        (MemberStatus.Joining, MemberStatus.WeaklyUp or MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Down or MemberStatus.Removed) => true,
        (MemberStatus.WeaklyUp, MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Down or MemberStatus.Removed) => true,
        (MemberStatus.Up, MemberStatus.Leaving or MemberStatus.Down or MemberStatus.Removed) => true,
        (MemberStatus.Leaving, MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed) => true,
        (MemberStatus.Exiting, MemberStatus.Removed or MemberStatus.Down) => true,
        (MemberStatus.Down, MemberStatus.Removed) => true,
        _ => false,
    };

    public static void Ensure(UniqueAddress node, MemberStatus from, MemberStatus to)
    {
        if (!IsAllowed(from, to))
            throw new InvalidMemberStatusTransitionException(node, from, to);
    }
}
