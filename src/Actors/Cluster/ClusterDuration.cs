using System.Globalization;

namespace ActorNet.Actors;

/// <summary>
/// Reads duration settings written as HOCON does (<c>3s</c>, <c>100ms</c>, <c>1.5 minutes</c>; a bare
/// number is milliseconds), or as a .NET time span (<c>00:00:03</c>).
/// </summary>
internal static class ClusterDuration
{
    private static readonly (string[] Units, double Millis)[] Units =
    [
        (["ns", "nano", "nanos", "nanosecond", "nanoseconds"], 1e-6),
        (["us", "micro", "micros", "microsecond", "microseconds"], 1e-3),
        (["ms", "milli", "millis", "millisecond", "milliseconds"], 1),
        (["s", "second", "seconds"], 1000),
        (["m", "minute", "minutes"], 60_000),
        (["h", "hour", "hours"], 3_600_000),
        (["d", "day", "days"], 86_400_000),
    ];

    /// <summary>Parses <paramref name="text"/>, naming <paramref name="key"/> in the error.</summary>
    /// <exception cref="FormatException">The text is not a duration.</exception>
    public static TimeSpan Parse(string text, string key)
    {
        string trimmed = text.Trim();
        if (trimmed.Contains(':') && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span))
            return span;
        int split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] is '.' or '-' or '+'))
            split++;
        string number = trimmed[..split];
        string unit = trimmed[split..].Trim();
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new FormatException($"Setting '{key}': '{text}' is not a duration (expected e.g. 3s, 100ms, 1.5m).");
        double millis = unit.Length == 0 ? 1 : Units.FirstOrDefault(u => u.Units.Contains(unit, StringComparer.Ordinal)).Millis;
        if (millis == 0)
            throw new FormatException($"Setting '{key}': unknown time unit '{unit}' in '{text}' (use ns, us, ms, s, m, h or d).");
        double ticks = Math.Round(value * millis * TimeSpan.TicksPerMillisecond);
        if (Math.Abs(ticks) > TimeSpan.MaxValue.Ticks)
            throw new FormatException($"Setting '{key}': duration '{text}' is too large.");
        return TimeSpan.FromTicks((long)ticks);
    }
}
