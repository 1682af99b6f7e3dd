using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors.Sharding;

/// <summary>
/// Sharding's settings, read from the keys under <c>actornet:cluster:sharding</c>; missing keys take the
/// defaults of hocon/reference.conf.
/// </summary>
public sealed record ClusterShardingSettings
{
    private const string Prefix = "actornet:cluster:sharding:";

    /// <summary>Shards per entity type (<c>number-of-shards</c>, default 100; Akka's advice: about 10 per maximum node count).</summary>
    public int NumberOfShards { get; init; } = 100;

    /// <summary>How often the coordinator considers moving shards (<c>rebalance-interval</c>, default 10 s).</summary>
    public TimeSpan RebalanceInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Shards being moved at the same time at most (<c>rebalance-max-simultaneous</c>, default 3).</summary>
    public int RebalanceMaxSimultaneous { get; init; } = 3;

    /// <summary>Entities receiving nothing for this long are passivated; zero disables it (<c>passivate-idle-after</c>, default 0).</summary>
    public TimeSpan PassivateIdleAfter { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Time a handoff may take (<c>handoff-timeout</c>, default 60 s): after it the shard stops its remaining
    /// entities forcibly and the handoff completes; after twice this time without an answer from the owning
    /// region the coordinator gives up (the shard stays where it was).
    /// </summary>
    public TimeSpan HandOffTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Messages a region holds while shard homes are unknown or shards are handed off (<c>buffer-size</c>,
    /// default 100000, Akka's default); further messages go to dead letters.
    /// </summary>
    public int BufferSize { get; init; } = 100_000;

    /// <summary>
    /// How often a region repeats an unanswered registration or shard-home request (<c>retry-interval</c>,
    /// default 2 s, Akka's default); answers normally come at once, this covers a coordinator that moved or restarted.
    /// </summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Reads the settings from <paramref name="config"/>.</summary>
    /// <exception cref="FormatException">A value is malformed or out of range; the message names the key.</exception>
    public static ClusterShardingSettings FromConfiguration(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var d = new ClusterShardingSettings();
        var settings = new ClusterShardingSettings
        {
            NumberOfShards = ConfigValues.GetInt(config, Prefix + "number-of-shards", d.NumberOfShards),
            RebalanceInterval = ConfigValues.GetDuration(config, Prefix + "rebalance-interval", d.RebalanceInterval),
            RebalanceMaxSimultaneous = ConfigValues.GetInt(config, Prefix + "rebalance-max-simultaneous", d.RebalanceMaxSimultaneous),
            PassivateIdleAfter = ConfigValues.GetDuration(config, Prefix + "passivate-idle-after", d.PassivateIdleAfter),
            HandOffTimeout = ConfigValues.GetDuration(config, Prefix + "handoff-timeout", d.HandOffTimeout),
            BufferSize = ConfigValues.GetInt(config, Prefix + "buffer-size", d.BufferSize),
            RetryInterval = ConfigValues.GetDuration(config, Prefix + "retry-interval", d.RetryInterval),
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Checks the values; called by <see cref="FromConfiguration"/> and by <c>ShardRegion.Start</c>.</summary>
    /// <exception cref="FormatException">A value is out of range; the message names the key.</exception>
    public void Validate()
    {
        if (NumberOfShards < 1) throw Bad("number-of-shards", NumberOfShards, "at least 1");
        if (RebalanceInterval <= TimeSpan.Zero) throw Bad("rebalance-interval", RebalanceInterval, "positive");
        if (RebalanceMaxSimultaneous < 1) throw Bad("rebalance-max-simultaneous", RebalanceMaxSimultaneous, "at least 1");
        if (PassivateIdleAfter < TimeSpan.Zero) throw Bad("passivate-idle-after", PassivateIdleAfter, "zero (off) or positive");
        if (HandOffTimeout <= TimeSpan.Zero) throw Bad("handoff-timeout", HandOffTimeout, "positive");
        if (BufferSize < 0) throw Bad("buffer-size", BufferSize, "zero or positive");
        if (RetryInterval <= TimeSpan.Zero) throw Bad("retry-interval", RetryInterval, "positive");
    }

    private static FormatException Bad(string key, object value, string expected) =>
        new($"configuration '{Prefix}{key}' = {value} must be {expected}");
}
