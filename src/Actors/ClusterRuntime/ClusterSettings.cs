using System.Collections.Immutable;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors.ClusterRuntime;

/// <summary>
/// The cluster daemon's settings, read from <c>actornet:cluster:*</c> (defaults of hocon/reference.conf
/// when a key is missing). A bad value throws <see cref="FormatException"/> or <see cref="ArgumentException"/> naming the key.
/// </summary>
internal sealed record ClusterSettings
{
    public const string Section = "actornet:cluster:";

    public ImmutableArray<Address> SeedNodes { get; init; } = [];
    public ImmutableSortedSet<string> Roles { get; init; } = ImmutableSortedSet<string>.Empty;
    public TimeSpan RetryJoinInterval { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan GossipInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan LeaderActionsInterval { get; init; } = TimeSpan.FromSeconds(1);
    public int MonitoredByNrOfMembers { get; init; } = HeartbeatNodeRing.DefaultMonitoredByNrOfMembers;
    public FailureDetectorOptions FailureDetector { get; init; } = new();
    public SplitBrainResolverOptions Downing { get; init; } = new();

    /// <summary>Reads the settings; seed nodes written as <c>host:port</c> get <paramref name="systemName"/>.</summary>
    public static ClusterSettings FromConfiguration(IConfiguration config, string systemName)
    {
        var d = new ClusterSettings();
        var settings = new ClusterSettings
        {
            SeedNodes = [.. List(config, Section + "seed-nodes").Select((text, i) => ParseSeed(text, i, systemName))],
            Roles = ReadRoles(config),
            RetryJoinInterval = Positive(config, "retry-join-interval", d.RetryJoinInterval),
            GossipInterval = Positive(config, "gossip-interval", d.GossipInterval),
            LeaderActionsInterval = Positive(config, "leader-actions-interval", d.LeaderActionsInterval),
            MonitoredByNrOfMembers = ConfigValues.GetInt(config, Section + "monitored-by-nr-of-members", d.MonitoredByNrOfMembers),
            FailureDetector = FailureDetectorOptions.FromConfiguration(config),
            Downing = SplitBrainResolverOptions.FromConfiguration(config),
        };
        if (settings.MonitoredByNrOfMembers < 1)
            throw new FormatException($"configuration '{Section}monitored-by-nr-of-members' = {settings.MonitoredByNrOfMembers} must be at least 1");
        return settings;
    }

    /// <summary>
    /// A seed as <c>host:port</c> (this system's name is assumed) or a full <c>actornet.tcp://system@host:port</c> address.
    /// </summary>
    public static Address ParseSeed(string text, int index, string systemName)
    {
        string key = $"{Section}seed-nodes[{index}]";
        text = text.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!AddressSyntax.TryParse(text, out Address address, out string error))
                throw new FormatException($"configuration '{key}' = '{text}': {error}");
            if (address.Protocol != Address.TcpProtocol || LocalAddress.IsLocalOnly(address))
                throw new FormatException($"configuration '{key}' = '{text}' must be an {Address.TcpProtocol}://system@host:port address");
            return address;
        }
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
            throw new FormatException($"configuration '{key}' = '{text}' must be host:port (port 1..65535) or {Address.TcpProtocol}://system@host:port");
        return Address.Tcp(systemName, text[..colon].Trim('[', ']'), port);
    }

    private static ImmutableSortedSet<string> ReadRoles(IConfiguration config)
    {
        try
        {
            return ClusterRoles.Validate(List(config, Section + "roles"));
        }
        catch (ArgumentException error)
        {
            throw new FormatException($"configuration '{Section}roles': {error.Message}", error);
        }
    }

    /// <summary>A HOCON list (children 0, 1, ...) or, as written in an environment variable, one comma-separated value.</summary>
    private static IEnumerable<string> List(IConfiguration config, string key)
    {
        var children = config.GetSection(key).GetChildren().ToList();
        if (children.Count > 0)
            return children.OrderBy(c => int.TryParse(c.Key, out int i) ? i : int.MaxValue)
                .Select(c => c.Value).OfType<string>().Where(v => v.Length > 0);
        var text = ConfigValues.GetString(config, key);
        return text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static TimeSpan Positive(IConfiguration config, string name, TimeSpan fallback)
    {
        var value = ConfigValues.GetDuration(config, Section + name, fallback);
        return value > TimeSpan.Zero ? value : throw new FormatException($"configuration '{Section}{name}' = {value} must be positive");
    }
}
