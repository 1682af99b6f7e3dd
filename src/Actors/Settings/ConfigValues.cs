using System.Globalization;
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

    public static bool GetBool(IConfiguration config, string key, bool fallback)
    {
        var text = GetString(config, key);
        return text?.ToLowerInvariant() switch
        {
            null => fallback,
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw Bad(key, text, "on/off or true/false"),
        };
    }

    public static TimeSpan GetDuration(IConfiguration config, string key, TimeSpan fallback)
    {
        var text = GetString(config, key);
        if (text is null) return fallback;
        var (number, unit) = Split(text);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) || amount < 0)
            throw Bad(key, text, "a duration such as 500ms, 10s or 2 minutes");
        double milliseconds = unit switch
        {
            "ns" or "nanosecond" or "nanoseconds" => amount / 1e6,
            "us" or "microsecond" or "microseconds" => amount / 1e3,
            "" or "ms" or "millisecond" or "milliseconds" => amount,
            "s" or "second" or "seconds" => amount * 1e3,
            "m" or "minute" or "minutes" => amount * 60e3,
            "h" or "hour" or "hours" => amount * 3600e3,
            "d" or "day" or "days" => amount * 86400e3,
            _ => throw Bad(key, text, "a duration unit among ms, s, m, h, d"),
        };
        return TimeSpan.FromMilliseconds(milliseconds);
    }

    public static long GetSize(IConfiguration config, string key, long fallback)
    {
        var text = GetString(config, key);
        if (text is null) return fallback;
        var (number, unit) = Split(text);
        if (!long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out long amount) || amount < 0)
            throw Bad(key, text, "a size such as 65536, 128KiB or 4m");
        long multiplier = unit.ToLowerInvariant() switch
        {
            "" or "b" or "byte" or "bytes" => 1,
            "k" or "kb" or "kib" or "kilobytes" or "kibibytes" => 1L << 10,
            "m" or "mb" or "mib" or "megabytes" or "mebibytes" => 1L << 20,
            "g" or "gb" or "gib" or "gigabytes" or "gibibytes" => 1L << 30,
            _ => throw Bad(key, text, "a size unit among B, KiB, MiB, GiB"),
        };
        return checked(amount * multiplier);
    }

    private static (string Number, string Unit) Split(string text)
    {
        int i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or '-' or '+' or 'e' && i > 0 && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))) i++;
        return (text[..i], text[i..].Trim());
    }

    private static FormatException Bad(string key, string text, string expected) =>
        new($"configuration '{key}' = '{text}' is not {expected}");
}
