namespace ActorNet.Configuration;

/// <summary>The <c>include</c> forms: a quoted name, <c>file("...")</c> and <c>required(...)</c>.</summary>
internal sealed partial class HoconParser
{
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
}
