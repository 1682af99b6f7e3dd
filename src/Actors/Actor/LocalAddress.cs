namespace ActorNet.Actors;

/// <summary>
/// The address of a system without remoting: protocol <c>actornet</c>, no reachable host. It is an
/// <see cref="Address"/> like any other (host <c>localhost</c>, port 0) so paths compare uniformly, but
/// actor paths print it as Akka prints local addresses: <c>actornet://name</c>.
/// </summary>
internal static class LocalAddress
{
    public const string Protocol = "actornet";

    public static Address For(string system) => new(Protocol, system, "localhost", 0);

    public static bool IsLocalOnly(Address address) => address.Protocol == Protocol;

    /// <summary><c>actornet://name</c> for local-only addresses, the full address otherwise.</summary>
    public static string Format(Address address) => IsLocalOnly(address) ? $"{Protocol}://{address.System}" : address.ToString();

    /// <summary>Parses the address part of a path: <c>actornet://name</c> or <c>protocol://system@host:port</c>.</summary>
    public static bool TryParse(string authority, out Address address, out string error)
    {
        string prefix = Protocol + "://";
        if (authority.StartsWith(prefix, StringComparison.Ordinal) && !authority.Contains('@'))
        {
            string system = authority[prefix.Length..];
            string? problem = AddressSyntax.CheckSystem(system);
            address = problem is null ? For(system) : null!;
            error = problem ?? "";
            return problem is null;
        }
        return AddressSyntax.TryParse(authority, out address, out error);
    }
}
