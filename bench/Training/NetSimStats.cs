using System.Globalization;
using System.Net.Sockets;

namespace ActorNet.Bench.Training;

/// <summary>Reads bench/NetSim's byte counters (its --stats port: one line per link, "name to-node from-node").</summary>
internal static class NetSimStats
{
    public sealed record LinkBytes(string Name, long ToNode, long FromNode);

    public static IReadOnlyList<LinkBytes> Read(int port)
    {
        using var client = new TcpClient("127.0.0.1", port);
        using var reader = new StreamReader(client.GetStream());
        var links = new List<LinkBytes>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var fields = line.Split(' ');
            if (fields.Length != 3) throw new FormatException($"netsim stats line '{line}' is not 'name to-node from-node'");
            links.Add(new LinkBytes(fields[0], long.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[2], CultureInfo.InvariantCulture)));
        }
        return links;
    }

    public static IReadOnlyList<LinkBytes> Delta(IReadOnlyList<LinkBytes> after, IReadOnlyList<LinkBytes> before) =>
        after.Select(a => before.FirstOrDefault(b => b.Name == a.Name) is { } b ? a with { ToNode = a.ToNode - b.ToNode, FromNode = a.FromNode - b.FromNode } : a).ToList();
}
