using System.Globalization;
using System.Text;
using Akka.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorNet.ControlPlane;

/// <summary>
/// Turns ActorNet's layered configuration (reference.conf ← --config ← ACTORNET__ environment ← --set, read by
/// the project's HOCON reader) into the <see cref="Config"/> Akka.NET starts from, so that every setting, <c>akka.*</c>
/// included, has one source. The <c>akka</c> section is passed through as written; ActorNet's own node settings
/// (<c>actornet.remote.hostname/port</c>, <c>actornet.cluster.seed-nodes/roles</c>) are written onto the Akka keys
/// they stand for and win over the same keys under <c>akka</c>, because the node's command line sets them.
/// </summary>
public static class AkkaConfigBuilder
{
    /// <summary>The actor system name of every ActorNet node (Akka addresses read <c>akka.tcp://actornet@host:port</c>).</summary>
    public const string SystemName = "actornet";

    /// <summary>Builds the Akka configuration of a node from ActorNet's configuration.</summary>
    /// <param name="configuration">The node's effective configuration.</param>
    /// <param name="tls">Whether Akka's port runs TLS: seed nodes given as <c>host:port</c> then get <c>akka.ssl.tcp</c> addresses.</param>
    /// <exception cref="ArgumentException">A seed node is neither <c>host:port</c> nor an <c>akka.tcp://actornet@host:port</c> address.</exception>
    public static Config Build(IConfiguration configuration, bool tls = false)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = new StringBuilder();
        Render(configuration.GetSection("akka"), "akka", text);

        var node = new StringBuilder();
        var hostname = configuration["actornet:remote:hostname"] is { Length: > 0 } h ? h : "127.0.0.1";
        node.Append("akka.remote.dot-netty.tcp.hostname = ").AppendLine(Quote(hostname));
        var port = configuration["actornet:remote:port"] is { Length: > 0 } p ? int.Parse(p, CultureInfo.InvariantCulture) : 0;
        node.Append("akka.remote.dot-netty.tcp.port = ").AppendLine(port.ToString(CultureInfo.InvariantCulture));
        var seeds = List(configuration, "actornet:cluster:seed-nodes");
        if (seeds.Count > 0)
            node.Append("akka.cluster.seed-nodes = [").Append(string.Join(", ", seeds.Select(s => Quote(SeedNode(s, tls))))).AppendLine("]");
        var roles = List(configuration, "actornet:cluster:roles");
        if (roles.Count > 0)
            node.Append("akka.cluster.roles = [").Append(string.Join(", ", roles.Select(Quote))).AppendLine("]");

        return ConfigurationFactory.ParseString(node.ToString())
            .WithFallback(ConfigurationFactory.ParseString(text.ToString()));
    }

    /// <summary>
    /// The Akka address of a seed given as <c>host:port</c> (the CLI's form) or as a full address, which is kept
    /// as written (a plain Akka.NET program's seed list uses that form).
    /// </summary>
    /// <param name="text">The seed as given.</param>
    /// <param name="tls">Whether the cluster runs TLS (protocol <c>akka.ssl.tcp</c> instead of <c>akka.tcp</c>).</param>
    /// <exception cref="ArgumentException">The text is neither form; the message quotes it.</exception>
    public static string SeedNode(string text, bool tls = false)
    {
        text = text.Trim();
        var protocol = tls ? "akka.ssl.tcp" : "akka.tcp";
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!text.StartsWith(protocol + "://", StringComparison.Ordinal))
                throw new ArgumentException($"seed node '{text}' must be an {protocol}://{SystemName}@host:port address or host:port" +
                    (tls ? " (the cluster secret or certificates turn TLS on)" : ""));
            return text;
        }
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new ArgumentException($"seed node '{text}' must be host:port (port 1..65535) or {protocol}://{SystemName}@host:port");
        return $"{protocol}://{SystemName}@{text[..colon].Trim('[', ']')}:{port}";
    }

    /// <summary>The non-empty entries of a configuration list, in index order (blanked entries are skipped).</summary>
    public static List<string> List(IConfiguration configuration, string key) =>
        [.. configuration.GetSection(key).GetChildren()
            .OrderBy(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
            .Select(c => c.Value).OfType<string>().Where(v => v.Length > 0)];

    // Writes a section back as HOCON: an object per section, an array where the children are 0..n-1, and every
    // scalar quoted (Akka reads numbers, booleans and durations from strings alike).
    private static void Render(IConfigurationSection section, string path, StringBuilder text)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            if (section.Value is { } value) text.Append(path).Append(" = ").AppendLine(Quote(value));
            else if (section.Exists()) text.Append(path).AppendLine(" = null");
            return;
        }
        if (IsArray(children))
        {
            var items = children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).Select(c => c.Value).OfType<string>().Select(Quote);
            text.Append(path).Append(" = [").Append(string.Join(", ", items)).AppendLine("]");
            return;
        }
        foreach (var child in children)
            Render(child, path + "." + Quote(child.Key), text);
    }

    private static bool IsArray(List<IConfigurationSection> children)
    {
        var indices = new HashSet<int>();
        foreach (var child in children)
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || child.GetChildren().Any()) return false;
            indices.Add(i);
        }
        return indices.Count == children.Count && indices.Max() == children.Count - 1;
    }

    private static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default: text.Append(c); break;
            }
        }
        return text.Append('"').ToString();
    }
}
