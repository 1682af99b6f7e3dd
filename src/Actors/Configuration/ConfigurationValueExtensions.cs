using Microsoft.Extensions.Configuration;

namespace ActorNet.Configuration;

/// <summary>Reads HOCON durations, sizes and booleans from an <see cref="IConfiguration"/>.</summary>
public static class ConfigurationValueExtensions
{
    /// <summary>The duration at <paramref name="key"/>, or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="FormatException">The value is not a duration; the message names the key.</exception>
    public static TimeSpan GetDuration(this IConfiguration configuration, string key, TimeSpan defaultValue) =>
        Read(configuration, key, defaultValue, ConfigurationUnits.ParseDuration);

    /// <summary>The size in bytes at <paramref name="key"/>, or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="FormatException">The value is not a size; the message names the key.</exception>
    public static long GetByteSize(this IConfiguration configuration, string key, long defaultValue) =>
        Read(configuration, key, defaultValue, ConfigurationUnits.ParseByteSize);

    /// <summary>The boolean at <paramref name="key"/> (true/false/on/off/yes/no), or the default when absent.</summary>
    /// <exception cref="FormatException">The value is not a boolean; the message names the key.</exception>
    public static bool GetBoolean(this IConfiguration configuration, string key, bool defaultValue) =>
        Read(configuration, key, defaultValue, ConfigurationUnits.ParseBoolean);

    private static T Read<T>(IConfiguration configuration, string key, T defaultValue, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
            return defaultValue;
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"configuration key '{key}': {e.Message}", e);
        }
    }
}
