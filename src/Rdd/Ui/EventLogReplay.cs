using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using ActorNet.Rdd.Events;

namespace ActorNet.Rdd.Ui;

/// <summary>
/// Reads one event log (<see cref="EventLogWriter"/>'s JSON lines) back into a status store, for the history server.
/// The file is untrusted input (a driver killed mid-write, a disk that flipped a bit, a stray file in the folder), so
/// nothing in it may crash the server: a file whose first line is not an <see cref="ApplicationStarted"/> event is not an
/// event log (the problem says why, and the server lists the file as unreadable); after it, a line that is not an event,
/// or an event missing a field it cannot do without, is skipped with a warning naming the file and the line, and the
/// application is served from the rest.
/// </summary>
internal static class EventLogReplay
{
    // Warnings written per file; the rest are counted in one last line, so a file of garbage cannot flood the log.
    private const int MaxWarnings = 10;

    /// <summary>The application the log at <paramref name="path"/> tells of, or null and why not.</summary>
    /// <param name="path">The file.</param>
    /// <param name="log">Where skipped lines are reported: <c>actornet history: warning: PATH:LINE: what; skipped it</c>.</param>
    public static (AppStatusStore? Store, string? Problem) Read(string path, TextWriter log)
    {
        var store = new AppStatusStore();
        int number = 0, skipped = 0;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                number++;
                if (line.Length == 0) continue;
                var (e, problem) = Parse(line);
                if (store.StartTime is null)
                {
                    // The first event decides whether this is an event log at all.
                    if (e is null) return (null, $"line {number} is not an ActorNet event ({problem})");
                    if (e is not ApplicationStarted) return (null, "it does not start with an ApplicationStarted event");
                }
                if (e is not null && Apply(store, e) is { } failed) problem = failed;
                if (problem is null) continue;
                // A cut last line is what a killed driver leaves: expected, and said so.
                var what = e is null && reader.Peek() < 0 ? $"the last line is incomplete (a driver stopped mid-write?): {problem}" : problem;
                if (++skipped <= MaxWarnings) log.WriteLine($"actornet history: warning: {path}:{number}: {what}; skipped it");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, e.Message);
        }
        if (skipped > MaxWarnings) log.WriteLine($"actornet history: warning: {path}: {skipped - MaxWarnings} more lines skipped");
        return store.StartTime is null ? (null, "it holds no events") : (store, null);
    }

    private static (ListenerEvent? Event, string? Problem) Parse(string line)
    {
        ListenerEvent? e;
        try
        {
            e = JsonSerializer.Deserialize<ListenerEvent>(line, EventLogWriter.Json);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            return (null, $"not an ActorNet event: {FirstLine(ex.Message)}");
        }
        if (e is null) return (null, "not an ActorNet event: null");
        return MissingField(e) is { } field ? (null, $"the {e.GetType().Name} event has no {field}") : (e, null);
    }

    // The store trusts the events it is given; one that still upsets it (a lie no check foresaw) costs its line only.
    private static string? Apply(AppStatusStore store, ListenerEvent e)
    {
        try
        {
            store.OnEvent(e);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or OverflowException or IndexOutOfRangeException or KeyNotFoundException)
        {
            return $"the {e.GetType().Name} event could not be applied: {FirstLine(ex.Message)}";
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0];

    // JSON fills a missing or null field with null whatever the type says; the store and the REST API rely on the
    // non-nullable ones, so an event with one null (or with a null inside a list) is refused here, named by its path.
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, NullabilityInfo Nullability)[]> Fields = new();

    internal static string? MissingField(object value, int depth = 0)
    {
        if (depth > 4) return null;
        foreach (var (property, nullability) in FieldsOf(value.GetType()))
            if (Missing(property.GetValue(value), nullability, property.Name, depth) is { } path)
                return path;
        return null;
    }

    private static string? Missing(object? value, NullabilityInfo nullability, string path, int depth)
    {
        if (value is null) return nullability.ReadState == NullabilityState.NotNull ? path : null;
        switch (value)
        {
            case string:
                return null;
            case IDictionary dictionary when nullability.GenericTypeArguments is [_, var valueInfo]:
                foreach (DictionaryEntry entry in dictionary)
                    if (Missing(entry.Value, valueInfo, $"{path}[{entry.Key}]", depth + 1) is { } inner)
                        return inner;
                return null;
            case IEnumerable items when (nullability.ElementType ?? (nullability.GenericTypeArguments is [var only] ? only : null)) is { } elementInfo:
                var i = 0;
                foreach (var item in items)
                {
                    if (Missing(item, elementInfo, $"{path}[{i}]", depth + 1) is { } inner) return inner;
                    i++;
                }
                return null;
            case var record when record.GetType() is { IsClass: true, Namespace: { } ns } && ns.StartsWith("ActorNet", StringComparison.Ordinal):
                return MissingField(record, depth + 1) is { } field ? $"{path}.{field}" : null;
            default:
                return null;
        }
    }

    private static (PropertyInfo, NullabilityInfo)[] FieldsOf(Type type) => Fields.GetOrAdd(type, t =>
    {
        // NullabilityInfoContext is not thread-safe: one per type looked at, once.
        var context = new NullabilityInfoContext();
        return [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && !p.PropertyType.IsValueType)
            .Select(p => (p, context.Create(p)))];
    });
}
