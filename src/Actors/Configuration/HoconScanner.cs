using System.Globalization;
using System.Text;

namespace ActorNet.Configuration;

/// <summary>
/// Character-level reading of HOCON text: positions, whitespace, comments and the string forms.
/// The parser decides what the characters mean; the scanner only knows how to read them.
/// </summary>
internal sealed class HoconScanner(string text, string source)
{
    // Index of the next character to read.
    private int _index;

    // 1-based line and column of the next character, kept incrementally for error messages.
    private int _line = 1;
    private int _column = 1;

    public string Source { get; } = source;

    public bool AtEnd => _index >= text.Length;

    public char Current => _index < text.Length ? text[_index] : '\0';

    public HoconPosition Position => new(Source, _line, _column);

    public char PeekAt(int offset) => _index + offset < text.Length ? text[_index + offset] : '\0';

    public bool StartsWith(string s) => string.CompareOrdinal(text, _index, s, 0, s.Length) == 0;

    public char Advance()
    {
        var c = text[_index++];
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        return c;
    }

    public void Advance(int count)
    {
        for (var i = 0; i < count; i++)
            Advance();
    }

    public HoconException Error(string problem) => Position.Error(problem);

    /// <summary>A description of the next character for "expected X, found Y" messages.</summary>
    public string Describe()
    {
        if (AtEnd)
            return "end of input";
        return Current switch
        {
            '\n' => "end of line",
            '\r' => "end of line",
            '\t' => "a tab",
            _ => $"'{Current}'",
        };
    }

    public static bool IsInlineWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    public bool AtComment => Current == '#' || (Current == '/' && PeekAt(1) == '/');

    /// <summary>Skips spaces and tabs on the current line; returns the skipped text.</summary>
    public string SkipInlineWhitespace()
    {
        var start = _index;
        while (!AtEnd && IsInlineWhitespace(Current))
            Advance();
        return text[start.._index];
    }

    public void SkipComment()
    {
        while (!AtEnd && Current != '\n')
            Advance();
    }

    /// <summary>Skips whitespace, newlines and comments (and commas when <paramref name="commas"/>).</summary>
    public void SkipBlank(bool commas)
    {
        while (!AtEnd)
        {
            if (char.IsWhiteSpace(Current) || Current == '\uFEFF' || (commas && Current == ','))
                Advance();
            else if (AtComment)
                SkipComment();
            else
                return;
        }
    }

    /// <summary>Reads <c>"..."</c> with JSON escapes; the scanner is on the opening quote.</summary>
    public string ReadQuoted()
    {
        var start = Position;
        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd || Current == '\n')
                throw start.Error("unterminated quoted string: expected '\"' before " + (AtEnd ? "end of input" : "end of line"));
            var c = Advance();
            if (c == '"')
                return sb.ToString();
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (AtEnd)
                throw start.Error("unterminated quoted string: expected '\"' before end of input");
            var escapePosition = Position;
            var e = Advance();
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    var hex = new StringBuilder();
                    for (var i = 0; i < 4 && !AtEnd; i++)
                        hex.Append(Advance());
                    if (hex.Length != 4 || !int.TryParse(hex.ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                        throw escapePosition.Error($"bad escape '\\u{hex}': expected four hex digits");
                    sb.Append((char)code);
                    break;
                default:
                    throw escapePosition.Error($"bad escape '\\{e}' in quoted string");
            }
        }
    }

    /// <summary>Reads <c>"""..."""</c> verbatim (newlines included); the scanner is on the first quote.</summary>
    public string ReadTripleQuoted()
    {
        var start = Position;
        Advance(3);
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd)
                throw start.Error("unterminated triple-quoted string: expected '\"\"\"' before end of input");
            if (StartsWith("\"\"\""))
            {
                // Quotes right before the closing triple belong to the string, as in HOCON.
                while (PeekAt(3) == '"')
                    sb.Append(Advance());
                Advance(3);
                return sb.ToString();
            }

            sb.Append(Advance());
        }
    }

    /// <summary>Reads unquoted text up to a character that <paramref name="stop"/> rejects.</summary>
    public string ReadUnquoted(Func<HoconScanner, bool> stop)
    {
        var start = _index;
        while (!AtEnd && !stop(this))
            Advance();
        return text[start.._index];
    }
}
