using System.Globalization;

namespace ActorNet.Actors;

/// <summary>
/// The address of an actor system reachable over the network, written
/// <c>actornet.tcp://system@host:port</c>. Addresses order by host, then port (as Akka orders members),
/// then system name and protocol, so every node sorts the same cluster the same way.
/// </summary>
public sealed record Address : IComparable<Address>, IComparable
{
    /// <summary>The protocol of ActorNet's TCP transport: <c>actornet.tcp</c>.</summary>
    public const string TcpProtocol = "actornet.tcp";

    /// <summary>Creates an address after checking each part.</summary>
    /// <param name="protocol">The transport protocol, e.g. <c>actornet.tcp</c>.</param>
    /// <param name="system">The actor system name: letters, digits, '-' and '_', starting with a letter or digit.</param>
    /// <param name="host">The host name or IP address (IPv6 without brackets).</param>
    /// <param name="port">The TCP port, 0 to 65535 (0 only before the port is bound).</param>
    /// <exception cref="ArgumentException">A part is empty or holds characters an address cannot carry.</exception>
    public Address(string protocol, string system, string host, int port)
    {
        string? problem = AddressSyntax.CheckProtocol(protocol) ?? AddressSyntax.CheckSystem(system)
            ?? AddressSyntax.CheckHost(host) ?? AddressSyntax.CheckPort(port);
        if (problem is not null)
            throw new ArgumentException($"Invalid address part: {problem}");
        Protocol = protocol;
        System = system;
        Host = host;
        Port = port;
    }

    /// <summary>The transport protocol, e.g. <c>actornet.tcp</c>.</summary>
    public string Protocol { get; }

    /// <summary>The name of the actor system.</summary>
    public string System { get; }

    /// <summary>The host name or IP address.</summary>
    public string Host { get; }

    /// <summary>The TCP port.</summary>
    public int Port { get; }

    /// <summary>Creates an <c>actornet.tcp</c> address.</summary>
    /// <param name="system">The actor system name.</param>
    /// <param name="host">The host name or IP address.</param>
    /// <param name="port">The TCP port.</param>
    /// <returns>The address.</returns>
    public static Address Tcp(string system, string host, int port) => new(TcpProtocol, system, host, port);

    /// <summary>Parses <c>protocol://system@host:port</c>; IPv6 hosts are written in brackets.</summary>
    /// <param name="text">The address text.</param>
    /// <returns>The address.</returns>
    /// <exception cref="FormatException">The text is not an address; the message says which part is wrong.</exception>
    public static Address Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AddressSyntax.TryParse(text, out var address, out var error)
            ? address
            : throw new FormatException($"Invalid address '{text}': {error}");
    }

    /// <summary>Parses an address without throwing.</summary>
    /// <param name="text">The address text.</param>
    /// <param name="address">The address when the text is valid.</param>
    /// <returns>Whether the text is a valid address.</returns>
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

    /// <summary>Orders by host, then port, then system name, then protocol (ordinal comparisons).</summary>
    /// <param name="other">The address to compare with; null sorts first.</param>
    /// <returns>Negative, zero or positive as this address sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(Address? other)
    {
        if (other is null)
            return 1;
        int c = string.CompareOrdinal(Host, other.Host);
        if (c != 0)
            return c;
        c = Port.CompareTo(other.Port);
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

    /// <summary>Formats as <c>protocol://system@host:port</c>, bracketing IPv6 hosts.</summary>
    /// <returns>The address text, which <see cref="Parse"/> reads back.</returns>
    public override string ToString()
    {
        string host = Host.Contains(':') ? "[" + Host + "]" : Host;
        return string.Create(CultureInfo.InvariantCulture, $"{Protocol}://{System}@{host}:{Port}");
    }

    /// <summary>Whether this address sorts before <paramref name="right"/>.</summary>
    public static bool operator <(Address left, Address right) => left.CompareTo(right) < 0;

    /// <summary>Whether this address sorts after <paramref name="right"/>.</summary>
    public static bool operator >(Address left, Address right) => left.CompareTo(right) > 0;

    /// <summary>Whether this address sorts before or equals <paramref name="right"/>.</summary>
    public static bool operator <=(Address left, Address right) => left.CompareTo(right) <= 0;

    /// <summary>Whether this address sorts after or equals <paramref name="right"/>.</summary>
    public static bool operator >=(Address left, Address right) => left.CompareTo(right) >= 0;
}
