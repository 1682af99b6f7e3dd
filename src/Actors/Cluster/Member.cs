using System.Collections.Immutable;

namespace ActorNet.Actors;

/// <summary>
/// One node of the cluster as the membership sees it: its unique address, roles, status, and the order in
/// which the leader moved it Up (for finding the oldest member). Members are equal when their unique
/// addresses are equal, whatever their status; they sort by address (host, then port), as in Akka.
/// </summary>
public sealed class Member : IComparable<Member>, IEquatable<Member>
{
    /// <summary>The up-number of a member that has not been moved Up yet.</summary>
    internal const int NotUp = int.MaxValue;

    private Member(UniqueAddress uniqueAddress, ImmutableSortedSet<string> roles, MemberStatus status, int upNumber)
    {
        UniqueAddress = uniqueAddress;
        Roles = roles;
        Status = status;
        UpNumber = upNumber;
    }

    /// <summary>The member's address and incarnation uid.</summary>
    public UniqueAddress UniqueAddress { get; }

    /// <summary>The member's network address.</summary>
    public Address Address => UniqueAddress.Address;

    /// <summary>The roles the node declared when it joined (e.g. <c>seed</c>, <c>worker</c>, <c>server</c>).</summary>
    public ImmutableSortedSet<string> Roles { get; }

    /// <summary>The member's lifecycle status.</summary>
    public MemberStatus Status { get; }

    /// <summary>
    /// The position in which the leader moved this member Up (1 for the first); a member that was never
    /// Up has <see cref="int.MaxValue"/>. A smaller number means an older member.
    /// </summary>
    public int UpNumber { get; }

    /// <summary>Orders members from oldest to youngest: by up-number, ties broken by address.</summary>
    public static IComparer<Member> AgeOrdering { get; } = Comparer<Member>.Create((a, b) =>
        a.UpNumber != b.UpNumber ? a.UpNumber.CompareTo(b.UpNumber) : a.Address.CompareTo(b.Address));

    /// <summary>Whether the node declared <paramref name="role"/>.</summary>
    /// <param name="role">The role name.</param>
    /// <returns>True when the member has the role.</returns>
    public bool HasRole(string role) => Roles.Contains(role);

    /// <summary>
    /// Whether this member was moved Up before <paramref name="other"/> (on equal up-numbers, the lower
    /// address counts as older), as Akka's <c>IsOlderThan</c>.
    /// </summary>
    /// <param name="other">The member to compare with.</param>
    /// <returns>True when this member is older.</returns>
    public bool IsOlderThan(Member other) => AgeOrdering.Compare(this, other) < 0;

    internal static Member Joining(UniqueAddress node, IEnumerable<string> roles) =>
        new(node, ClusterRoles.Validate(roles), MemberStatus.Joining, NotUp);

    /// <summary>
    /// A member exactly as another node described it on the wire (no transition check: the sender's
    /// snapshot already went through them). Removed members never travel in a snapshot.
    /// </summary>
    internal static Member FromWire(UniqueAddress node, IEnumerable<string> roles, MemberStatus status, int upNumber)
    {
        if (status is < MemberStatus.Joining or >= MemberStatus.Removed)
            throw new FormatException($"member {node} has status {(int)status}, which a snapshot cannot hold");
        if (upNumber <= 0)
            throw new FormatException($"member {node} has up-number {upNumber}; up-numbers start at 1");
        try
        {
            return new Member(node, ClusterRoles.Validate(roles), status, upNumber);
        }
        catch (ArgumentException error)
        {
            throw new FormatException($"member {node}: {error.Message}", error);
        }
    }

    internal static Member Removed(UniqueAddress node) =>
        new(node, ImmutableSortedSet<string>.Empty, MemberStatus.Removed, NotUp);

    /// <summary>A copy in <paramref name="status"/>; throws when Akka's rules forbid the move.</summary>
    internal Member WithStatus(MemberStatus status)
    {
        if (status == Status)
            return this;
        MemberStatusTransitions.Ensure(UniqueAddress, Status, status);
        return new Member(UniqueAddress, Roles, status, UpNumber);
    }

    /// <summary>A copy moved Up with the given up-number.</summary>
    internal Member MovedUp(int upNumber)
    {
        if (upNumber <= 0)
            throw new ArgumentOutOfRangeException(nameof(upNumber), upNumber, "An up-number starts at 1.");
        MemberStatusTransitions.Ensure(UniqueAddress, Status, MemberStatus.Up);
        return new Member(UniqueAddress, Roles, MemberStatus.Up, upNumber);
    }

    /// <summary>
    /// Of two views of the same member, the one further along its lifecycle (Removed, Down, Exiting,
    /// Leaving, Up, WeaklyUp, Joining); on equal status the older one. This is how gossip merges decide.
    /// </summary>
    internal static Member HighestPriorityOf(Member a, Member b)
    {
        if (a.Status == b.Status)
            return a.IsOlderThan(b) ? a : b;
        return Precedence(a.Status) >= Precedence(b.Status) ? a : b;
    }

    private static int Precedence(MemberStatus status) => status switch
    {
        MemberStatus.Joining => 0,
        MemberStatus.WeaklyUp => 1,
        MemberStatus.Up => 2,
        MemberStatus.Leaving => 3,
        MemberStatus.Exiting => 4,
        MemberStatus.Down => 5,
        MemberStatus.Removed => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown member status."),
    };

    /// <summary>Orders by unique address (host, then port, then uid).</summary>
    /// <param name="other">The member to compare with; null sorts first.</param>
    /// <returns>Negative, zero or positive as this member sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(Member? other) => other is null ? 1 : UniqueAddress.CompareTo(other.UniqueAddress);

    /// <summary>Whether <paramref name="other"/> is the same node incarnation (status and roles are ignored).</summary>
    /// <param name="other">The member to compare with.</param>
    /// <returns>True for the same unique address.</returns>
    public bool Equals(Member? other) => other is not null && UniqueAddress.Equals(other.UniqueAddress);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Member other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => UniqueAddress.GetHashCode();

    /// <summary>Formats as <c>Member(address, status, roles)</c>.</summary>
    /// <returns>The text form, for logs.</returns>
    public override string ToString() =>
        $"Member({Address}, {Status}{(Roles.IsEmpty ? "" : ", roles=" + string.Join(",", Roles))})";
}
