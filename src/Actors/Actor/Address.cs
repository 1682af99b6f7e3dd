using System.Globalization;

namespace ActorNet.Actors;

/// <summary>
/// Where an actor system lives: <c>actornet://name</c> for a local-only system, or
/// <c>actornet.tcp://name@host:port</c> once remoting has bound a socket. Addresses order by host, then
/// port (as Akka orders members), then system name and protocol, so every node sorts a cluster alike.
/// </summary>
/// <param name="Protocol">The scheme: <c>actornet</c> (local only) or <c>actornet.tcp</c> (remoting).</param>
/// <param name="System">The actor system's name.</param>
/// <param name="Host">The host remoting bound, or null for a local-only system.</param>
/// <param name="Port">The TCP port remoting bound, or null for a local-only system.</param>
public sealed record Address(string Protocol, string System, string? Host = null, int? Port = null) : IComparable<Address>, IComparable
{
    /// <summary>The scheme of a local-only system.</summary>
    public const string LocalProtocol = "actornet";

    /// <summary>The scheme of a system reachable over TCP.</summary>
    public const string TcpProtocol = "actornet.tcp";

    /// <summary>True when the address names a host and port (a remotely reachable system).</summary>
    public bool HasHostPort => Host is not null && Port is not null;

    /// <summary>Creates a checked <c>actornet.tcp</c> address.</summary>
    /// <exception cref="ArgumentException">A part is empty or holds characters an address cannot carry.</exception>
    public static Address Tcp(string system, string host, int port)
    {
        var problem = AddressSyntax.CheckSystem(system) ?? AddressSyntax.CheckHost(host) ?? AddressSyntax.CheckPort(port);
        return problem is null ? new Address(TcpProtocol, system, host, port) : throw new ArgumentException($"Invalid address part: {problem}");
    }

    /// <summary>Formats as <c>protocol://system@host:port</c> (IPv6 hosts in brackets) or <c>protocol://system</c>.</summary>
    public override string ToString()
    {
        if (!HasHostPort)
            return $"{Protocol}://{System}";
        var host = Host!.Contains(':') ? "[" + Host + "]" : Host;
        return string.Create(CultureInfo.InvariantCulture, $"{Protocol}://{System}@{host}:{Port!.Value}");
    }

    /// <summary>
    /// Parses <c>actornet://name</c> or <c>protocol://name@host:port</c> (anything after the address, such as
    /// an actor path, is ignored).
    /// </summary>
    /// <exception cref="FormatException">The text is not an address; the message names the faulty part.</exception>
    public static Address Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var address, out var error) ? address : throw new FormatException($"Invalid address '{text}': {error}");
    }

    /// <summary>Parses an address, returning false and a reason when the text is not one.</summary>
    public static bool TryParse(string text, out Address address, out string error) => AddressSyntax.TryParse(text, out address, out error);

    /// <summary>Parses an address without throwing.</summary>
    public static bool TryParse(string? text, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Address? address)
    {
        if (text is not null && AddressSyntax.TryParse(text, out var parsed, out _))
        {
            address = parsed;
            return true;
        }

        address = null;
        return false;
    }

    /// <summary>Orders by host, then port, then system name, then protocol; local-only addresses first.</summary>
    public int CompareTo(Address? other)
    {
        if (other is null)
            return 1;
        var c = string.CompareOrdinal(Host, other.Host);
        if (c != 0)
            return c;
        c = Nullable.Compare(Port, other.Port);
        if (c != 0)
            return c;
        c = string.CompareOrdinal(System, other.System);
        return c != 0 ? c : string.CompareOrdinal(Protocol, other.Protocol);
    }

    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        Address other => CompareTo(other),
        _ => throw new ArgumentException($"Cannot compare an Address with {obj.GetType().Name}.", nameof(obj)),
    };

    /// <summary>Whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    public static bool operator <(Address left, Address right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    public static bool operator >(Address left, Address right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> sorts before or equals <paramref name="right"/>.</summary>
    public static bool operator <=(Address left, Address right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> sorts after or equals <paramref name="right"/>.</summary>
    public static bool operator >=(Address left, Address right) => left.CompareTo(right) >= 0;
}
