namespace ActorNet.Actors;

/// <summary>
/// A member's address plus the uid of one incarnation of its actor system: a node that restarts on the
/// same host and port gets a new uid, so the cluster can tell the old incarnation from the new one.
/// Orders by address, then uid.
/// </summary>
/// <param name="Address">The network address of the actor system.</param>
/// <param name="Uid">A random number chosen when the actor system starts.</param>
public sealed record UniqueAddress(Address Address, long Uid) : IComparable<UniqueAddress>, IComparable
{
    /// <summary>The network address of the actor system.</summary>
    public Address Address { get; } = Address ?? throw new ArgumentNullException(nameof(Address));

    /// <summary>Orders by address (host, then port), then uid.</summary>
    /// <param name="other">The unique address to compare with; null sorts first.</param>
    /// <returns>Negative, zero or positive as this sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(UniqueAddress? other)
    {
        if (other is null)
            return 1;
        int c = Address.CompareTo(other.Address);
        return c != 0 ? c : Uid.CompareTo(other.Uid);
    }

    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        UniqueAddress other => CompareTo(other),
        _ => throw new ArgumentException($"Cannot compare a UniqueAddress with {obj.GetType().Name}.", nameof(obj)),
    };

    /// <summary>Formats as <c>address#uid</c>.</summary>
    /// <returns>The text form, for logs.</returns>
    public override string ToString() => $"{Address}#{Uid}";
}
