namespace ActorNet.Configuration;

/// <summary>
/// Reads HOCON (the configuration format of Akka and of ActorNet) into flat configuration keys:
/// <c>actornet { cluster { seed-nodes = ["a", "b"] } }</c> becomes <c>actornet:cluster:seed-nodes:0 = a</c>
/// and <c>actornet:cluster:seed-nodes:1 = b</c>, the shape Microsoft.Extensions.Configuration uses.
/// </summary>
/// <remarks>
/// Supported: <c>#</c> and <c>//</c> comments; <c>=</c>, <c>:</c> or <c>{</c> after a key; dotted keys;
/// repeated keys (later wins, objects merge deeply); unquoted, quoted and triple-quoted strings; value
/// concatenation; arrays and <c>+=</c>; <c>include "file"</c>, <c>include file("...")</c> and
/// <c>include required("...")</c> relative to the including file; substitutions <c>${a.b}</c> (forward
/// references allowed, falling back to an environment variable of that name) and <c>${?X}</c>;
/// <c>null</c>, booleans and numbers. Unquoted <c>on</c>/<c>yes</c> and <c>off</c>/<c>no</c> are presented as
/// <c>true</c> and <c>false</c> so they bind to <see cref="bool"/> options; quote them to keep the words.
/// Empty objects and arrays produce no keys. Substitution paths are always absolute, also in included files.
/// </remarks>
public static class Hocon
{
    /// <summary>Parses and resolves HOCON text into flat configuration keys.</summary>
    /// <param name="text">The HOCON document.</param>
    /// <param name="sourceName">Name used in error messages in place of a file path.</param>
    /// <param name="baseDirectory">Folder for relative includes; the current directory when null.</param>
    /// <exception cref="HoconException">The text is malformed or cannot be resolved.</exception>
    public static IReadOnlyDictionary<string, string?> Parse(string text, string sourceName = "string", string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Flatten(HoconResolver.Resolve(HoconParser.ParseText(text, sourceName, baseDirectory)));
    }

    /// <summary>Reads, parses and resolves a HOCON file into flat configuration keys.</summary>
    /// <param name="path">The file; includes are resolved relative to its folder.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="HoconException">The file is malformed or cannot be resolved.</exception>
    public static IReadOnlyDictionary<string, string?> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"HOCON file '{path}' not found (looked for {Path.GetFullPath(path)})", path);
        return Flatten(HoconResolver.Resolve(HoconParser.ParseFile(path)));
    }

    private static Dictionary<string, string?> Flatten(HoconObjectNode root)
    {
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in root.OrderedFields())
            Flatten(value, key, keys);
        return keys;
    }

    private static void Flatten(HoconNode node, string prefix, Dictionary<string, string?> keys)
    {
        switch (node)
        {
            case HoconObjectNode obj:
                foreach (var (key, value) in obj.OrderedFields())
                    Flatten(value, prefix + ":" + key, keys);
                break;
            case HoconArrayNode array:
                for (var i = 0; i < array.Items.Count; i++)
                    Flatten(array.Items[i], prefix + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), keys);
                break;
            case HoconScalarNode scalar:
                keys[prefix] = Present(scalar);
                break;
        }
    }

    private static string? Present(HoconScalarNode scalar) => scalar.Kind switch
    {
        HoconScalarKind.Null => null,
        HoconScalarKind.Unquoted => scalar.Text switch
        {
            "on" or "yes" => "true",
            "off" or "no" => "false",
            _ => scalar.Text,
        },
        _ => scalar.Text,
    };
}
