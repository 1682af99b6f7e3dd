using System.Globalization;
using ActorNet.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors;

/// <summary>
/// Typed reads of configuration values in HOCON's spellings (durations like <c>500ms</c>/<c>10s</c>,
/// sizes like <c>128KiB</c>, booleans <c>on</c>/<c>off</c>); a bad value throws naming the key.
/// </summary>
internal static class ConfigValues
{
    public static string? GetString(IConfiguration config, string key)
    {
        var value = config[key];
        return string.IsNullOrWhiteSpace(value) || value == "null" ? null : value.Trim().Trim('"');
    }

    public static int GetInt(IConfiguration config, string key, int fallback)
    {
        var text = GetString(config, key);
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw Bad(key, text, "an integer");
    }

    public static bool GetBool(IConfiguration config, string key, bool fallback) =>
        Parse(config, key, fallback, ConfigurationUnits.ParseBoolean);

    public static TimeSpan GetDuration(IConfiguration config, string key, TimeSpan fallback) =>
        Parse(config, key, fallback, ConfigurationUnits.ParseDuration);

    public static long GetSize(IConfiguration config, string key, long fallback) =>
        Parse(config, key, fallback, ConfigurationUnits.ParseByteSize);

    // The unit grammar lives in ConfigurationUnits; this only adds the key to the message.
    private static T Parse<T>(IConfiguration config, string key, T fallback, Func<string, T> parse)
    {
        var text = GetString(config, key);
        if (text is null) return fallback;
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"configuration '{key}' = '{text}': {e.Message}", e);
        }
    }

    private static FormatException Bad(string key, string text, string expected) =>
        new($"configuration '{key}' = '{text}' is not {expected}");
}
