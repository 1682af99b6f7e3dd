using System.Globalization;

namespace ActorNet.Actors;

/// <summary>
/// Where an actor system lives: <c>actornet://name</c> for a local-only system, or
/// <c>actornet.tcp://name@host:port</c> once remoting has bound a socket.
/// </summary>
/// <param name="Protocol">The scheme: <c>actornet</c> (local only) or <c>actornet.tcp</c> (remoting).</param>
/// <param name="System">The actor system's name.</param>
/// <param name="Host">The host remoting bound, or null for a local-only system.</param>
/// <param name="Port">The TCP port remoting bound, or null for a local-only system.</param>
public sealed record Address(string Protocol, string System, string? Host = null, int? Port = null)
{
    /// <summary>The scheme of a local-only system.</summary>
    public const string LocalProtocol = "actornet";

    /// <summary>The scheme of a system reachable over TCP.</summary>
    public const string TcpProtocol = "actornet.tcp";

    /// <summary>True when the address names a host and port (a remotely reachable system).</summary>
    public bool HasHostPort => Host is not null && Port is not null;

    /// <summary>Formats the address as <c>protocol://system@host:port</c>.</summary>
    public override string ToString() =>
        HasHostPort ? $"{Protocol}://{System}@{Host}:{Port!.Value.ToString(CultureInfo.InvariantCulture)}" : $"{Protocol}://{System}";

    /// <summary>
    /// Parses <c>actornet://name</c> or <c>actornet.tcp://name@host:port</c> (the part before any actor path).
    /// </summary>
    /// <exception cref="FormatException">The text is not an address; the message names the faulty part.</exception>
    public static Address Parse(string text)
    {
        if (!TryParse(text, out var address, out var error)) throw new FormatException($"invalid actor address '{text}': {error}");
        return address;
    }

    /// <summary>Parses an address, returning false and a reason when the text is not one.</summary>
    public static bool TryParse(string text, out Address address, out string error)
    {
        address = null!;
        int schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) { error = "missing '<protocol>://'"; return false; }
        string protocol = text[..schemeEnd];
        if (protocol != LocalProtocol && protocol != TcpProtocol) { error = $"unknown protocol '{protocol}' (expected {LocalProtocol} or {TcpProtocol})"; return false; }
        string rest = text[(schemeEnd + 3)..];
        int slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        int at = rest.IndexOf('@');
        if (at < 0)
        {
            if (rest.Length == 0) { error = "missing system name"; return false; }
            if (protocol == TcpProtocol) { error = "missing '@host:port'"; return false; }
            address = new Address(protocol, rest);
            error = "";
            return true;
        }
        string system = rest[..at];
        string hostPort = rest[(at + 1)..];
        int colon = hostPort.LastIndexOf(':');
        if (system.Length == 0) { error = "missing system name"; return false; }
        if (colon <= 0) { error = $"missing ':port' in '{hostPort}'"; return false; }
        string host = hostPort[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        if (!int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            error = $"port '{hostPort[(colon + 1)..]}' is not a number in 0..65535";
            return false;
        }
        address = new Address(protocol, system, host, port);
        error = "";
        return true;
    }
}
