using System.Globalization;

namespace ActorNet.Configuration;

/// <summary>HOCON's duration, size and boolean formats, for values read from configuration.</summary>
public static class ConfigurationUnits
{
    private static readonly (string[] Names, double Ticks)[] DurationUnits =
    [
        (["ns", "nano", "nanos", "nanosecond", "nanoseconds"], TimeSpan.TicksPerMillisecond / 1e6),
        (["us", "micro", "micros", "microsecond", "microseconds"], TimeSpan.TicksPerMillisecond / 1e3),
        (["ms", "milli", "millis", "millisecond", "milliseconds"], TimeSpan.TicksPerMillisecond),
        (["s", "second", "seconds"], TimeSpan.TicksPerSecond),
        (["m", "minute", "minutes"], TimeSpan.TicksPerMinute),
        (["h", "hour", "hours"], TimeSpan.TicksPerHour),
        (["d", "day", "days"], TimeSpan.TicksPerDay),
    ];

    private static readonly (string[] Names, double Bytes)[] SizeUnits =
    [
        (["B", "b", "byte", "bytes"], 1),
        (["kB", "kilobyte", "kilobytes"], 1e3),
        (["MB", "megabyte", "megabytes"], 1e6),
        (["GB", "gigabyte", "gigabytes"], 1e9),
        (["TB", "terabyte", "terabytes"], 1e12),
        (["K", "k", "Ki", "KiB", "kibibyte", "kibibytes"], 1L << 10),
        (["M", "m", "Mi", "MiB", "mebibyte", "mebibytes"], 1L << 20),
        (["G", "g", "Gi", "GiB", "gibibyte", "gibibytes"], 1L << 30),
        (["T", "t", "Ti", "TiB", "tebibyte", "tebibytes"], 1L << 40),
    ];

    /// <summary>
    /// Parses a duration such as <c>10s</c>, <c>500ms</c>, <c>2 minutes</c> or <c>1.5h</c>; a bare number is
    /// milliseconds (as in HOCON) and <c>infinite</c> is <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    /// <exception cref="FormatException">The text is not a duration; the message quotes it.</exception>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed is "infinite" or "inf")
            return Timeout.InfiniteTimeSpan;
        var (number, unit) = Split(trimmed, "duration");
        var ticks = unit.Length == 0 ? TimeSpan.TicksPerMillisecond : Lookup(DurationUnits, unit, trimmed, "duration", "ns, us, ms, s, m, h, d");
        return TimeSpan.FromTicks(checked((long)Math.Round(number * ticks)));
    }

    /// <summary>
    /// Parses a size such as <c>128KiB</c>, <c>4m</c>, <c>1G</c> (binary multiples) or <c>10MB</c> (decimal);
    /// a bare number is bytes.
    /// </summary>
    /// <exception cref="FormatException">The text is not a size; the message quotes it.</exception>
    public static long ParseByteSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var (number, unit) = Split(trimmed, "size");
        var bytes = unit.Length == 0 ? 1 : Lookup(SizeUnits, unit, trimmed, "size", "B, K/KiB, M/MiB, G/GiB, T/TiB, kB, MB, GB, TB");
        return checked((long)Math.Round(number * bytes));
    }

    /// <summary>Parses HOCON's booleans: true/false, on/off, yes/no.</summary>
    /// <exception cref="FormatException">The text is none of those.</exception>
    public static bool ParseBoolean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "true" or "on" or "yes" => true,
            "false" or "off" or "no" => false,
            _ => throw new FormatException($"'{text}' is not a boolean: expected true/false, on/off or yes/no"),
        };
    }

    private static (double Number, string Unit) Split(string text, string what)
    {
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or '-' or '+' or 'e' or 'E'))
        {
            // 'e' belongs to the number only as an exponent, never as the first letter of a unit.
            if (text[end] is 'e' or 'E' && (end + 1 >= text.Length || !(char.IsAsciiDigit(text[end + 1]) || text[end + 1] is '-' or '+')))
                break;
            end++;
        }

        if (end == 0 || !double.TryParse(text.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            throw new FormatException($"'{text}' is not a {what}: expected a number followed by an optional unit");
        if (number < 0)
            throw new FormatException($"'{text}' is not a {what}: it must not be negative");
        return (number, text[end..].Trim());
    }

    private static double Lookup((string[] Names, double Factor)[] units, string unit, string text, string what, string known)
    {
        foreach (var (names, factor) in units)
        {
            if (Array.IndexOf(names, unit) >= 0)
                return factor;
        }

        throw new FormatException($"'{text}' is not a {what}: unknown unit '{unit}' (expected one of {known})");
    }
}
