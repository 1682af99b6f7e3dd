using System.Globalization;
using ActorNet.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd;

/// <summary>The <c>actornet:rdd:*</c> settings the engine reads (defaults as in hocon/reference.conf).</summary>
internal sealed record RddSettings(int? DefaultParallelism, int MaxFailures, double MemoryFraction, long? MemoryCapacity, string? LocalDir, string? SerializerType,
    int BroadcastBlockSize, int QueueAhead, TimeSpan ShortTask)
{
    public const string DefaultParallelismKey = "actornet:rdd:default-parallelism";
    public const string MaxFailuresKey = "actornet:rdd:task:max-failures";
    public const string MemoryFractionKey = "actornet:rdd:storage:memory-fraction";
    public const string MemoryCapacityKey = "actornet:rdd:storage:memory-capacity";
    public const string LocalDirKey = "actornet:rdd:storage:local-dir";
    public const string SerializerKey = "actornet:rdd:serializer";
    public const string BroadcastBlockSizeKey = "actornet:rdd:broadcast:block-size";
    public const string QueueAheadKey = "actornet:rdd:task:queue-ahead";
    public const string ShortTaskKey = "actornet:rdd:task:queue-ahead-below";

    public static RddSettings From(IConfiguration? config) => new(
        Int(config, DefaultParallelismKey, min: 1),
        Int(config, MaxFailuresKey, min: 1) ?? 4,
        Double(config, MemoryFractionKey) ?? 0.6,
        Long(config, MemoryCapacityKey),
        NonEmpty(config?[LocalDirKey]),
        NonEmpty(config?[SerializerKey]),
        BlockSize(config, BroadcastBlockSizeKey) ?? 4 << 20,
        Int(config, QueueAheadKey, min: 0) ?? 1,
        Duration(config, ShortTaskKey) ?? TimeSpan.FromMilliseconds(10));

    private static TimeSpan? Duration(IConfiguration? config, string key) =>
        Parsed(config, key, ConfigurationUnits.ParseDuration, "a duration (e.g. 10ms)");

    // A data-plane body: at least 4 KiB, at most 1 GiB.
    private static int? BlockSize(IConfiguration? config, string key)
    {
        if (Long(config, key) is not { } size) return null;
        return size is >= 4 << 10 and <= 1 << 30 ? (int)size
            : throw new ArgumentException($"Configuration '{key}' = '{config![key]}' must be between 4KiB and 1GiB.");
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static int? Int(IConfiguration? config, string key, int min)
    {
        if (NonEmpty(config?[key]) is not { } text) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min)
            throw new ArgumentException($"Configuration '{key}' = '{text}' must be an integer of at least {min}.");
        return v;
    }

    private static long? Long(IConfiguration? config, string key) =>
        Parsed(config, key, ConfigurationUnits.ParseByteSize, "a size in bytes (e.g. 512MiB)");

    // A value in a unit ConfigurationUnits reads; its FormatException becomes an error naming the key.
    private static T? Parsed<T>(IConfiguration? config, string key, Func<string, T> parse, string expected) where T : struct
    {
        if (NonEmpty(config?[key]) is not { } text) return null;
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Configuration '{key}' = '{text}' must be {expected}: {e.Message}", e);
        }
    }

    private static double? Double(IConfiguration? config, string key)
    {
        if (NonEmpty(config?[key]) is not { } text) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v is <= 0 or > 1)
            throw new ArgumentException($"Configuration '{key}' = '{text}' must be a fraction in (0, 1].");
        return v;
    }
}
