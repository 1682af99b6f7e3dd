using System.Globalization;

namespace ActorNet.DataPlane;

/// <summary>Where a <see cref="DataPlaneNode"/> listens: a host (name or IP) and a TCP port, written <c>host:port</c>.</summary>
/// <param name="Host">The host name or IP address (an IPv6 address is written in brackets by <see cref="ToString"/>).</param>
/// <param name="Port">The TCP port.</param>
public readonly record struct DataPlaneAddress(string Host, int Port)
{
    /// <summary>Reads <c>host:port</c> (or <c>[v6]:port</c>).</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not <c>host:port</c> with a port in 1..65535.</exception>
    public static DataPlaneAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) throw new FormatException($"'{text}' is not a data plane address (host:port)");
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            throw new FormatException($"'{text}' has no valid port (1..65535)");
        if (host.Length == 0) throw new FormatException($"'{text}' has no host");
        return new DataPlaneAddress(host, port);
    }

    /// <summary><c>host:port</c>, the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}" : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
