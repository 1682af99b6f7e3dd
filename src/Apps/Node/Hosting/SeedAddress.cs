using ActorNet.Actors;

namespace ActorNet.Node.Hosting;

/// <summary>Parses a seed given on the command line: <c>host:port</c> or a full <c>actornet.tcp://actornet@host:port</c>.</summary>
internal static class SeedAddress
{
    /// <summary>The actor system name every actornet node uses.</summary>
    public const string SystemName = "actornet";

    /// <exception cref="ArgumentException">The text is neither form; the message quotes it.</exception>
    public static Address Parse(string text)
    {
        text = text.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            Address address;
            try
            {
                address = Address.Parse(text);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"--seed '{text}': {e.Message}", e);
            }

            if (address.Protocol != Address.TcpProtocol)
                throw new ArgumentException($"--seed '{text}' must be an {Address.TcpProtocol}://system@host:port address");
            return address;
        }
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
            throw new ArgumentException($"--seed '{text}' must be host:port (port 1..65535) or {Address.TcpProtocol}://{SystemName}@host:port");
        return Address.Tcp(SystemName, text[..colon].Trim('[', ']'), port);
    }
}
