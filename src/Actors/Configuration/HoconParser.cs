using System.Text;

namespace ActorNet.Configuration;

/// <summary>
/// Recursive-descent parser from HOCON text to an unresolved <see cref="HoconObjectNode"/> tree.
/// Repeated keys are merged as they are read (later wins, objects merge deeply); self-references
/// and <c>+=</c> are bound to the earlier value here, because only the parser knows what "earlier" was.
/// </summary>
internal sealed class HoconParser
{
    private const int MaxIncludeDepth = 32;

    private readonly HoconScanner _scanner;

    // Folder that relative includes are resolved against.
    private readonly string _baseDirectory;

    // How many includes deep this document is; bounds include cycles.
    private readonly int _includeDepth;

    // Objects being built, innermost last, with the document path of each: where "earlier values" live.
    private readonly List<(HoconObjectNode Node, string[] Path)> _scopes = [];

    private HoconParser(string text, string source, string baseDirectory, int includeDepth)
    {
        _scanner = new HoconScanner(text, source);
        _baseDirectory = baseDirectory;
        _includeDepth = includeDepth;
    }

    public static HoconObjectNode ParseText(string text, string source, string? baseDirectory, int includeDepth = 0) =>
        new HoconParser(text, source, baseDirectory ?? Directory.GetCurrentDirectory(), includeDepth).ParseDocument();

    public static HoconObjectNode ParseFile(string path, int includeDepth = 0)
    {
        var full = Path.GetFullPath(path);
        return ParseText(File.ReadAllText(full), path, Path.GetDirectoryName(full), includeDepth);
    }

    private HoconObjectNode ParseDocument()
    {
        var s = _scanner;
        s.SkipBlank(commas: false);
        HoconObjectNode root;
        if (s.Current == '{')
        {
            var open = s.Position;
            s.Advance();
            root = ParseObjectBody('}', [], open);
            s.Advance();
        }
        else
        {
            root = ParseObjectBody('\0', [], s.Position);
        }

        s.SkipBlank(commas: false);
        if (!s.AtEnd)
            throw s.Error($"expected end of input, found {s.Describe()}");
        return root;
    }

    /// <summary>Parses fields up to <paramref name="terminator"/> (left unread) or end of input for '\0'.</summary>
    private HoconObjectNode ParseObjectBody(char terminator, string[] path, HoconPosition open)
    {
        var s = _scanner;
        var obj = new HoconObjectNode(open);
        _scopes.Add((obj, path));
        try
        {
            while (true)
            {
                s.SkipBlank(commas: true);
                if (s.AtEnd)
                {
                    if (terminator == '\0')
                        return obj;
                    throw s.Error($"expected '{terminator}' to close the object opened at {open.Line}:{open.Column}, found end of input");
                }

                if (s.Current == terminator)
                    return obj;
                if (s.Current is '}' or ']')
                    throw s.Error($"unexpected '{s.Current}': no object or array is open here");

                var key = ParseField(obj, path);
                s.SkipInlineWhitespace();
                if (s.AtComment)
                    s.SkipComment();
                if (!(s.AtEnd || s.Current is '\n' or '\r' or ',' || s.Current == terminator))
                    throw s.Error($"expected a new line, ',' or '{(terminator == '\0' ? '}' : terminator)}' after the value of '{key}', found {s.Describe()}");
            }
        }
        finally
        {
            _scopes.RemoveAt(_scopes.Count - 1);
        }
    }

    /// <summary>Parses one field or include into <paramref name="obj"/>; returns the key text for messages.</summary>
    private string ParseField(HoconObjectNode obj, string[] path)
    {
        var s = _scanner;
        var position = s.Position;
        if (LooksLikeInclude())
        {
            ParseInclude(obj);
            return "include";
        }

        var key = ParseKeyPath("a key");
        var keyText = string.Join('.', key);
        s.SkipInlineWhitespace();
        var fullPath = path.Concat(key).ToArray();
        var append = false;
        if (s.Current is '=' or ':')
        {
            s.Advance();
            s.SkipInlineWhitespace();
        }
        else if (s.StartsWith("+="))
        {
            s.Advance(2);
            s.SkipInlineWhitespace();
            append = true;
        }
        else if (s.Current != '{')
        {
            throw s.Error($"expected '=', ':', '+=' or '{{' after key '{keyText}', found {s.Describe()}");
        }

        var value = ParseValue(fullPath) ?? throw s.Error($"expected a value for '{keyText}', found {s.Describe()}");
        if (append)
        {
            var earlier = new HoconSubstitutionNode(position, fullPath, optional: true);
            value = new HoconConcatNode(position, [earlier, new HoconArrayNode(value.Position, [value])]);
        }

        var earlierValue = FindEarlierValue(fullPath);
        value = BindSelfReferences(value, fullPath, earlierValue);
        if (value is HoconSubstitutionNode { Optional: true } optionalSub && earlierValue is not null)
            value = new HoconSubstitutionNode(optionalSub.Position, optionalSub.Path, optional: true) { Fallback = earlierValue };
        for (var i = key.Length - 1; i > 0; i--)
        {
            var wrapper = new HoconObjectNode(position);
            wrapper.Set(key[i], value);
            value = wrapper;
        }

        HoconMerge.MergeField(obj, key[0], value);
        return keyText;
    }

    /// <summary>
    /// Parses a value up to the end of the line, a ',' or a closing bracket. Several parts on the line
    /// form a concatenation; whitespace between them is kept in case they turn out to be strings.
    /// </summary>
    private HoconNode? ParseValue(string[]? fieldPath)
    {
        var s = _scanner;
        var start = s.Position;
        var parts = new List<HoconNode>();
        while (!s.AtEnd && !s.AtComment && s.Current is not ('\n' or '\r' or ',' or '}' or ']'))
        {
            var position = s.Position;
            if (s.StartsWith("\"\"\""))
                parts.Add(new HoconScalarNode(position, s.ReadTripleQuoted(), HoconScalarKind.String));
            else if (s.Current == '"')
                parts.Add(new HoconScalarNode(position, s.ReadQuoted(), HoconScalarKind.String));
            else if (s.StartsWith("${"))
                parts.Add(ParseSubstitution());
            else if (s.Current == '{')
                parts.Add(ParseBracedObject(fieldPath ?? []));
            else if (s.Current == '[')
                parts.Add(ParseArray());
            else
                parts.Add(ParseUnquotedValue());

            var whitespace = s.SkipInlineWhitespace();
            if (whitespace.Length > 0)
                parts.Add(new HoconScalarNode(position, whitespace, HoconScalarKind.Whitespace));
        }

        while (parts.Count > 0 && parts[^1] is HoconScalarNode { Kind: HoconScalarKind.Whitespace })
            parts.RemoveAt(parts.Count - 1);
        return parts.Count switch
        {
            0 => null,
            1 => parts[0],
            _ => new HoconConcatNode(start, parts),
        };
    }

    private HoconNode ParseUnquotedValue()
    {
        var s = _scanner;
        var position = s.Position;
        var text = s.ReadUnquoted(static sc =>
            char.IsWhiteSpace(sc.Current) || sc.AtComment || sc.Current is '"' or '{' or '}' or '[' or ']' or ',' ||
            (sc.Current == '$' && sc.PeekAt(1) == '{'));
        if (text.Length == 0)
            throw s.Error($"unexpected {s.Describe()} in a value");
        return text == "null"
            ? new HoconScalarNode(position, text, HoconScalarKind.Null)
            : new HoconScalarNode(position, text, HoconScalarKind.Unquoted);
    }

    private HoconObjectNode ParseBracedObject(string[] path)
    {
        var s = _scanner;
        var open = s.Position;
        s.Advance();
        var obj = ParseObjectBody('}', path, open);
        s.Advance();
        return obj;
    }

    private HoconArrayNode ParseArray()
    {
        var s = _scanner;
        var open = s.Position;
        s.Advance();
        var items = new List<HoconNode>();
        while (true)
        {
            s.SkipBlank(commas: true);
            if (s.AtEnd)
                throw s.Error($"expected ']' to close the array opened at {open.Line}:{open.Column}, found end of input");
            if (s.Current == ']')
            {
                s.Advance();
                return new HoconArrayNode(open, items);
            }

            if (s.Current == '}')
                throw s.Error($"expected ']' to close the array opened at {open.Line}:{open.Column}, found '}}'");
            items.Add(ParseValue(null) ?? throw s.Error($"expected an array element, found {s.Describe()}"));
            s.SkipInlineWhitespace();
            if (s.AtComment)
                s.SkipComment();
            if (!(s.AtEnd || s.Current is '\n' or '\r' or ',' or ']'))
                throw s.Error($"expected ',', a new line or ']' after an array element, found {s.Describe()}");
        }
    }

    private HoconSubstitutionNode ParseSubstitution()
    {
        var s = _scanner;
        var position = s.Position;
        s.Advance(2);
        var optional = s.Current == '?';
        if (optional)
            s.Advance();
        s.SkipInlineWhitespace();
        var path = ParseKeyPath("a path in the substitution");
        s.SkipInlineWhitespace();
        if (s.Current != '}')
            throw s.Error($"expected '}}' to close the substitution '${{{(optional ? "?" : "")}{string.Join('.', path)}', found {s.Describe()}");
        s.Advance();
        return new HoconSubstitutionNode(position, path, optional);
    }

    /// <summary>Reads <c>a.b."c.d"</c>: unquoted segments split at dots, quoted segments kept whole.</summary>
    private string[] ParseKeyPath(string what)
    {
        var s = _scanner;
        var segments = new List<string>();
        var segment = new StringBuilder();
        var seen = false;
        while (true)
        {
            if (s.Current == '"' && !s.StartsWith("\"\"\""))
            {
                segment.Append(s.ReadQuoted());
                seen = true;
            }
            else if (!IsKeyStop(s))
            {
                segment.Append(s.ReadUnquoted(IsKeyStop));
                seen = true;
            }
            else if (s.Current == '.')
            {
                if (!seen)
                    throw s.Error($"expected {what}, found '.' (empty path element)");
                segments.Add(segment.ToString());
                segment.Clear();
                seen = false;
                s.Advance();
            }
            else
            {
                break;
            }
        }

        if (!seen)
            throw s.Error(segments.Count == 0 ? $"expected {what}, found {s.Describe()}" : $"expected a path element after '.', found {s.Describe()}");
        segments.Add(segment.ToString());
        return [.. segments];
    }

    private static bool IsKeyStop(HoconScanner s) =>
        char.IsWhiteSpace(s.Current) || s.AtEnd || s.AtComment ||
        s.Current is '.' or '=' or ':' or '{' or '}' or '[' or ']' or ',' or '"' or '+' or '$';

    private bool LooksLikeInclude()
    {
        var s = _scanner;
        if (!s.StartsWith("include") || !HoconScanner.IsInlineWhitespace(s.PeekAt(7)))
            return false;
        var i = 7;
        while (HoconScanner.IsInlineWhitespace(s.PeekAt(i)))
            i++;
        return s.PeekAt(i) == '"' || char.IsLetter(s.PeekAt(i)) && IsIncludeFunction(s, i);
    }

    private static bool IsIncludeFunction(HoconScanner s, int offset)
    {
        foreach (var name in (string[])["required(", "file(", "url(", "classpath("])
        {
            var match = true;
            for (var k = 0; k < name.Length && match; k++)
                match = s.PeekAt(offset + k) == name[k];
            if (match)
                return true;
        }

        return false;
    }

    private void ParseInclude(HoconObjectNode obj)
    {
        var s = _scanner;
        var position = s.Position;
        s.Advance(7);
        s.SkipInlineWhitespace();
        var required = false;
        var closers = 0;
        if (s.StartsWith("required("))
        {
            required = true;
            s.Advance(9);
            closers++;
            s.SkipInlineWhitespace();
        }

        if (s.StartsWith("file("))
        {
            s.Advance(5);
            closers++;
            s.SkipInlineWhitespace();
        }
        else if (s.StartsWith("url(") || s.StartsWith("classpath("))
        {
            throw s.Error("only file includes are supported: use include \"file.conf\" or include file(\"...\")");
        }

        if (s.Current != '"')
            throw s.Error($"expected a quoted file name after include, found {s.Describe()}");
        var name = s.ReadQuoted();
        for (var i = 0; i < closers; i++)
        {
            s.SkipInlineWhitespace();
            if (s.Current != ')')
                throw s.Error($"expected ')' after the included file name \"{name}\", found {s.Describe()}");
            s.Advance();
        }

        var full = Path.GetFullPath(Path.Combine(_baseDirectory, name));
        if (!File.Exists(full))
        {
            if (required)
                throw position.Error($"required include \"{name}\" not found (looked for {full})");
            return;
        }

        if (_includeDepth >= MaxIncludeDepth)
            throw position.Error($"includes nested deeper than {MaxIncludeDepth} at \"{name}\" (does a file include itself?)");
        var included = ParseFile(full, _includeDepth + 1);
        foreach (var (key, value) in included.OrderedFields())
            HoconMerge.MergeField(obj, key, value);
    }

    /// <summary>The value <paramref name="path"/> had before the field being parsed, if any.</summary>
    private HoconNode? FindEarlierValue(string[] path)
    {
        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            var (scope, scopePath) = _scopes[i];
            if (scopePath.Length >= path.Length || !path.AsSpan(0, scopePath.Length).SequenceEqual(scopePath))
                continue;
            HoconNode? node = scope;
            for (var k = scopePath.Length; k < path.Length && node is not null; k++)
                node = node is HoconObjectNode o && o.Fields.TryGetValue(path[k], out var child) ? child : null;
            if (node is not null)
                return node;
        }

        return null;
    }

    /// <summary>Replaces substitutions of the field's own path by its earlier value (HOCON self-reference).</summary>
    private static HoconNode BindSelfReferences(HoconNode value, string[] path, HoconNode? earlier) => value switch
    {
        HoconSubstitutionNode sub when sub.Path.SequenceEqual(path) => earlier
            ?? (sub.Optional
                ? new HoconConcatNode(sub.Position, [])
                : new HoconSubstitutionNode(sub.Position, sub.Path, optional: false) { EnvironmentOnly = true }),
        HoconConcatNode concat => new HoconConcatNode(concat.Position, concat.Parts.Select(p => BindSelfReferences(p, path, earlier)).ToList()),
        HoconArrayNode array => new HoconArrayNode(array.Position, array.Items.Select(p => BindSelfReferences(p, path, earlier)).ToList()),
        _ => value,
    };
}
