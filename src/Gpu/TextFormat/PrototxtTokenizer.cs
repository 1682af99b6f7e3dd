using System.Text;

namespace ActorNet.Gpu;

/// <summary>
/// Splits protobuf text format into tokens: identifiers, numbers, quoted strings (escapes decoded,
/// as raw bytes kept in a Latin-1 string so bytes fields survive) and single-character symbols.
/// <c>#</c> starts a comment running to the end of the line.
/// </summary>
internal sealed class PrototxtTokenizer
{
    private readonly string _text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public PrototxtTokenizer(string text) => _text = text;

    public List<PrototxtToken> ReadAll()
    {
        var tokens = new List<PrototxtToken>();
        while (true)
        {
            PrototxtToken token = Next();
            tokens.Add(token);
            if (token.Kind == PrototxtTokenKind.End) return tokens;
        }
    }

    private int Column => _pos - _lineStart + 1;

    private PrototxtException Error(string problem, int line, int column) => new(problem, line, column);

    private PrototxtToken Next()
    {
        SkipSpaceAndComments();
        int line = _line, column = Column;
        if (_pos >= _text.Length) return new(PrototxtTokenKind.End, "", line, column);
        char c = _text[_pos];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            int start = _pos;
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
            return new(PrototxtTokenKind.Identifier, _text[start.._pos], line, column);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1])))
            return new(PrototxtTokenKind.Number, ReadNumber(line, column), line, column);
        if (c == '"' || c == '\'') return new(PrototxtTokenKind.String, ReadString(c, line, column), line, column);
        if ("{}<>[]:;,-".Contains(c))
        {
            _pos++;
            return new(PrototxtTokenKind.Symbol, c.ToString(), line, column);
        }
        throw Error($"unexpected character '{c}'", line, column);
    }

    private void SkipSpaceAndComments()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (char.IsWhiteSpace(c)) _pos++;
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
            }
            else return;
        }
    }

    private string ReadNumber(int line, int column)
    {
        int start = _pos;
        if (_text[_pos] == '0' && _pos + 1 < _text.Length && (_text[_pos + 1] is 'x' or 'X'))
        {
            _pos += 2;
            while (_pos < _text.Length && char.IsAsciiHexDigit(_text[_pos])) _pos++;
        }
        else
        {
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
            if (_pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
            }
            if (_pos < _text.Length && (_text[_pos] is 'e' or 'E'))
            {
                _pos++;
                if (_pos < _text.Length && (_text[_pos] is '+' or '-')) _pos++;
                int digits = _pos;
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
                if (digits == _pos) throw Error($"malformed number '{_text[start.._pos]}': exponent has no digits", line, column);
            }
            if (_pos < _text.Length && (_text[_pos] is 'f' or 'F')) _pos++;
        }
        if (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_' || _text[_pos] == '.'))
        {
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.')) _pos++;
            throw Error($"malformed number '{_text[start.._pos]}'", line, column);
        }
        return _text[start.._pos];
    }

    // Escapes produce bytes (\x, octal) or UTF-8 text (\u, \U); the result holds UTF-8 bytes, one char per byte.
    private string ReadString(char quote, int line, int column)
    {
        _pos++;
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n') throw Error("string is not closed before the end of the line", line, column);
            char c = _text[_pos++];
            if (c == quote) break;
            if (c != '\\')
            {
                int n = new Rune(char.IsHighSurrogate(c) && _pos < _text.Length ? char.ConvertToUtf32(c, _text[_pos++]) : c).EncodeToUtf8(utf8);
                for (int i = 0; i < n; i++) bytes.Add(utf8[i]);
                continue;
            }
            if (_pos >= _text.Length) throw Error("string ends inside an escape sequence", line, column);
            char e = _text[_pos++];
            switch (e)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'v': bytes.Add(11); break;
                case '\\': case '\'': case '"': case '?': bytes.Add((byte)e); break;
                case 'x':
                case 'X':
                {
                    int value = 0, digits = 0;
                    while (digits < 2 && _pos < _text.Length && char.IsAsciiHexDigit(_text[_pos]))
                    {
                        value = value * 16 + Convert.ToInt32(_text[_pos++].ToString(), 16);
                        digits++;
                    }
                    if (digits == 0) throw Error("\\x escape has no hex digits", _line, Column);
                    bytes.Add((byte)value);
                    break;
                }
                case >= '0' and <= '7':
                {
                    int value = e - '0', digits = 1;
                    while (digits < 3 && _pos < _text.Length && _text[_pos] is >= '0' and <= '7')
                    {
                        value = value * 8 + (_text[_pos++] - '0');
                        digits++;
                    }
                    if (value > 255) throw Error($"octal escape \\{Convert.ToString(value, 8)} is larger than a byte", _line, Column);
                    bytes.Add((byte)value);
                    break;
                }
                case 'u':
                case 'U':
                {
                    int length = e == 'u' ? 4 : 8;
                    if (_pos + length > _text.Length || !_text.Substring(_pos, length).All(char.IsAsciiHexDigit)
                        || !Rune.IsValid(Convert.ToInt32(_text.Substring(_pos, length), 16)))
                        throw Error($"\\{e} escape needs {length} hex digits naming a Unicode scalar value", _line, Column - 2);
                    int n = new Rune(Convert.ToInt32(_text.Substring(_pos, length), 16)).EncodeToUtf8(utf8);
                    for (int i = 0; i < n; i++) bytes.Add(utf8[i]);
                    _pos += length;
                    break;
                }
                default: throw Error($"unknown escape sequence '\\{e}'", _line, Column - 2);
            }
        }
        return Encoding.Latin1.GetString(bytes.ToArray());
    }
}
