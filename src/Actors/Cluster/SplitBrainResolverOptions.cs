using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors;

/// <summary>
/// Settings of the downing strategy, read from <c>actornet:cluster:downing:*</c>: <c>strategy</c>
/// (<c>keep-majority</c> or <c>off</c>), <c>stable-after</c> (Akka: 20 s) and an optional <c>role</c>
/// whose members alone are counted.
/// </summary>
internal sealed record SplitBrainResolverOptions
{
    public const string Section = "actornet:cluster:downing";
    public const string KeepMajorityStrategy = "keep-majority";
    public const string OffStrategy = "off";

    public string Strategy { get; init; } = KeepMajorityStrategy;

    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(20);

    public string? Role { get; init; }

    public bool IsEnabled => Strategy == KeepMajorityStrategy;

    public static SplitBrainResolverOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new SplitBrainResolverOptions();
        var options = new SplitBrainResolverOptions
        {
            Strategy = configuration[Section + ":strategy"] is { Length: > 0 } strategy ? strategy.Trim() : defaults.Strategy,
            StableAfter = FailureDetectorOptions.ReadDuration(configuration, Section + ":stable-after") ?? defaults.StableAfter,
            Role = configuration[Section + ":role"] is { Length: > 0 } role ? role.Trim() : null,
        };
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (Strategy is not (KeepMajorityStrategy or OffStrategy))
            throw new ArgumentException($"Setting '{Section}:strategy' must be '{KeepMajorityStrategy}' or '{OffStrategy}', got '{Strategy}'.");
        if (StableAfter < TimeSpan.Zero)
            throw new ArgumentException($"Setting '{Section}:stable-after' must not be negative, got {StableAfter}.");
        if (Role is not null)
            _ = ClusterRoles.Validate([Role]);
    }
}
