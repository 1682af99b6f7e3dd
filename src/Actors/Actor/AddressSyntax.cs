using System.Globalization;

namespace ActorNet.Actors;

/// <summary>Checks and splits the parts of <c>protocol://system@host:port</c>.</summary>
internal static class AddressSyntax
{
    public static bool TryParse(string text, out Address address, out string error)
    {
        address = null!;
        int schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            error = "missing '://' after the protocol";
            return false;
        }
        string protocol = text[..schemeEnd];
        string rest = text[(schemeEnd + 3)..];
        int slash = rest.IndexOf('/');
        if (slash >= 0)
            rest = rest[..slash];
        int at = rest.IndexOf('@');
        if (at < 0 && protocol == Address.LocalProtocol)
        {
            error = CheckSystem(rest) ?? "";
            if (error.Length > 0)
                return false;
            address = new Address(protocol, rest);
            return true;
        }
        if (at < 0)
        {
            error = "missing '@' between the system name and the host";
            return false;
        }
        string system = rest[..at];
        string hostPort = rest[(at + 1)..];
        if (!TrySplitHostPort(hostPort, out string host, out string portText, out error))
            return false;
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            error = $"port '{portText}' is not a number";
            return false;
        }
        string? problem = CheckProtocol(protocol) ?? CheckSystem(system) ?? CheckHost(host) ?? CheckPort(port);
        if (problem is not null)
        {
            error = problem;
            return false;
        }
        address = new Address(protocol, system, host, port);
        error = "";
        return true;
    }

    private static bool TrySplitHostPort(string hostPort, out string host, out string port, out string error)
    {
        host = port = "";
        if (hostPort.StartsWith('['))
        {
            int close = hostPort.IndexOf(']');
            if (close < 0 || close + 1 >= hostPort.Length || hostPort[close + 1] != ':')
            {
                error = "an IPv6 host must be written [host]:port";
                return false;
            }
            host = hostPort[1..close];
            port = hostPort[(close + 2)..];
        }
        else
        {
            int colon = hostPort.LastIndexOf(':');
            if (colon < 0)
            {
                error = "missing ':port' after the host";
                return false;
            }
            host = hostPort[..colon];
            port = hostPort[(colon + 1)..];
        }
        error = "";
        return true;
    }

    public static string? CheckProtocol(string? protocol)
    {
        if (string.IsNullOrEmpty(protocol))
            return "the protocol is empty";
        if (!char.IsAsciiLetterLower(protocol[0]) || !protocol.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '+' or '-'))
            return $"protocol '{protocol}' must be lower-case letters, digits, '.', '+' or '-', starting with a letter";
        if (protocol is not (Address.LocalProtocol or Address.TcpProtocol))
            return $"unknown protocol '{protocol}' (expected {Address.LocalProtocol} or {Address.TcpProtocol})";
        return null;
    }

    public static string? CheckSystem(string? system)
    {
        if (string.IsNullOrEmpty(system))
            return "the system name is empty";
        if (!char.IsAsciiLetterOrDigit(system[0]) || !system.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return $"system name '{system}' must be letters, digits, '-' or '_', starting with a letter or digit";
        return null;
    }

    public static string? CheckHost(string? host)
    {
        if (string.IsNullOrEmpty(host))
            return "the host is empty";
        foreach (char c in host)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '@' or '[' or ']' or '#' or '?')
                return $"host '{host}' contains '{c}'";
        }
        return null;
    }

    public static string? CheckPort(int port) =>
        port is < 0 or > 65535 ? $"port {port} is outside 0..65535" : null;
}
