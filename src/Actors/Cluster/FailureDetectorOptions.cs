using ActorNet.Configuration;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors;

/// <summary>
/// Settings of the phi-accrual failure detector (Akka's defaults), read from
/// <c>actornet:cluster:failure-detector:*</c> and <c>actornet:cluster:heartbeat-interval</c>.
/// </summary>
internal sealed record FailureDetectorOptions
{
    public const string Section = "actornet:cluster:failure-detector";
    public const string HeartbeatIntervalKey = "actornet:cluster:heartbeat-interval";

    /// <summary>Phi above which the node is considered unreachable.</summary>
    public double Threshold { get; init; } = 8.0;

    /// <summary>Heartbeat intervals remembered per node.</summary>
    public int MaxSampleSize { get; init; } = 1000;

    /// <summary>Floor for the standard deviation, so very regular heartbeats do not make phi jumpy.</summary>
    public TimeSpan MinStdDeviation { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Pause tolerated before phi starts to rise (GC pauses, busy networks).</summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often monitored nodes send heartbeats.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The interval assumed before any heartbeat has been measured; defaults to the heartbeat interval.</summary>
    public TimeSpan? FirstHeartbeatEstimate { get; init; }

    public TimeSpan EffectiveFirstHeartbeatEstimate => FirstHeartbeatEstimate ?? HeartbeatInterval;

    /// <summary>Reads the settings; a missing key keeps Akka's default. Errors name the key and the value.</summary>
    public static FailureDetectorOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new FailureDetectorOptions();
        var options = new FailureDetectorOptions
        {
            Threshold = ReadDouble(configuration, Section + ":threshold") ?? defaults.Threshold,
            MaxSampleSize = ReadInt(configuration, Section + ":max-sample-size") ?? defaults.MaxSampleSize,
            MinStdDeviation = ReadDuration(configuration, Section + ":min-std-deviation") ?? defaults.MinStdDeviation,
            AcceptableHeartbeatPause = ReadDuration(configuration, Section + ":acceptable-heartbeat-pause") ?? defaults.AcceptableHeartbeatPause,
            HeartbeatInterval = ReadDuration(configuration, HeartbeatIntervalKey) ?? defaults.HeartbeatInterval,
            FirstHeartbeatEstimate = ReadDuration(configuration, Section + ":first-heartbeat-estimate"),
        };
        options.Validate();
        return options;
    }

    /// <summary>Throws when a setting is out of range, naming its key.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Threshold) || Threshold <= 0)
            throw new ArgumentException($"Setting '{Section}:threshold' must be a positive number, got {Threshold}.");
        if (MaxSampleSize < 1)
            throw new ArgumentException($"Setting '{Section}:max-sample-size' must be at least 1, got {MaxSampleSize}.");
        if (MinStdDeviation <= TimeSpan.Zero)
            throw new ArgumentException($"Setting '{Section}:min-std-deviation' must be positive, got {MinStdDeviation}.");
        if (AcceptableHeartbeatPause < TimeSpan.Zero)
            throw new ArgumentException($"Setting '{Section}:acceptable-heartbeat-pause' must not be negative, got {AcceptableHeartbeatPause}.");
        if (HeartbeatInterval <= TimeSpan.Zero)
            throw new ArgumentException($"Setting '{HeartbeatIntervalKey}' must be positive, got {HeartbeatInterval}.");
        if (EffectiveFirstHeartbeatEstimate <= TimeSpan.Zero)
            throw new ArgumentException($"Setting '{Section}:first-heartbeat-estimate' must be positive, got {EffectiveFirstHeartbeatEstimate}.");
    }

    internal static TimeSpan? ReadDuration(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } ? configuration.GetDuration(key, TimeSpan.Zero) : null;

    internal static double? ReadDouble(IConfiguration configuration, string key)
    {
        if (configuration[key] is not { Length: > 0 } text)
            return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new FormatException($"Setting '{key}': '{text}' is not a number.");
    }

    internal static int? ReadInt(IConfiguration configuration, string key)
    {
        if (configuration[key] is not { Length: > 0 } text)
            return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new FormatException($"Setting '{key}': '{text}' is not a whole number.");
    }
}
