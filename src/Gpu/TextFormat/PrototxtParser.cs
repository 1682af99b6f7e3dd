using System.Collections;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorNet.Gpu;

/// <summary>
/// Protobuf text format parser, generic over any generated message through Google.Protobuf
/// reflection. Accepts what protobuf's own TextFormat accepts in practice: <c>name: value</c>,
/// <c>name { ... }</c> or <c>name: { ... }</c> (also with <c>&lt; &gt;</c>), repeated fields by
/// repetition or as <c>[a, b]</c> lists, enums by name or number, strings with C escapes (adjacent
/// strings are joined), integers (decimal, hex, octal), floats (exponents, <c>f</c> suffix,
/// <c>inf</c>, <c>nan</c>), booleans, optional <c>,</c>/<c>;</c> separators and <c>#</c> comments.
/// Unknown names, a non-repeated field given twice and out-of-range values are errors that name
/// line:column and the field.
/// </summary>
internal sealed class PrototxtParser
{
    private readonly List<PrototxtToken> _tokens;
    private int _next;

    private PrototxtParser(string text) => _tokens = new PrototxtTokenizer(text).ReadAll();

    /// <summary>Where each parsed message (nested ones included) started, for later error messages.</summary>
    public Dictionary<IMessage, (int Line, int Column)> Positions { get; } = new(ReferenceEqualityComparer.Instance);

    public static T Parse<T>(string text, out Dictionary<IMessage, (int Line, int Column)> positions) where T : IMessage<T>, new()
    {
        var parser = new PrototxtParser(text);
        var message = new T();
        parser.Positions[message] = (1, 1);
        parser.ParseFields(message, endSymbol: null);
        positions = parser.Positions;
        return message;
    }

    private PrototxtToken Peek => _tokens[_next];

    private PrototxtToken Take() => _tokens[_next++];

    private static PrototxtException Error(PrototxtToken at, string problem) => new(problem, at.Line, at.Column);

    private void ParseFields(IMessage message, char? endSymbol)
    {
        MessageDescriptor descriptor = message.Descriptor;
        var seen = new HashSet<int>();
        while (true)
        {
            PrototxtToken token = Take();
            if (token.Kind == PrototxtTokenKind.End)
            {
                if (endSymbol is null) return;
                throw Error(token, $"expected '{endSymbol}' to close {descriptor.Name} before the end of input");
            }
            if (endSymbol is char end && token.IsSymbol(end)) return;
            if (token.IsSymbol('['))
                throw Error(token, $"extensions and Any expansions ('[...]') are not supported in {descriptor.Name}");
            if (token.Kind != PrototxtTokenKind.Identifier)
                throw Error(token, $"expected a field name of {descriptor.Name}, got {token.Describe()}");

            FieldDescriptor? field = descriptor.FindFieldByName(token.Text);
            if (field is null) throw Error(token, UnknownFieldMessage(token.Text, descriptor));
            if (!field.IsRepeated && !seen.Add(field.FieldNumber))
                throw Error(token, $"non-repeated field '{field.Name}' of {descriptor.Name} is given more than once");

            ParseFieldValue(message, field, token);
            if (Peek.IsSymbol(',') || Peek.IsSymbol(';')) _next++;
        }
    }

    private static string UnknownFieldMessage(string name, MessageDescriptor descriptor)
    {
        string message = $"'{name}' is not a field of {descriptor.Name}";
        string? guess = NameSuggestion.Closest(name, descriptor.Fields.InDeclarationOrder().Select(f => f.Name));
        return guess is null ? message : $"{message} (did you mean '{guess}'?)";
    }

    private void ParseFieldValue(IMessage message, FieldDescriptor field, PrototxtToken nameToken)
    {
        bool isMessage = field.FieldType is FieldType.Message or FieldType.Group;
        bool hadColon = false;
        if (Peek.IsSymbol(':'))
        {
            _next++;
            hadColon = true;
        }
        if (field.IsRepeated && Peek.IsSymbol('['))
        {
            _next++;
            if (Peek.IsSymbol(']'))
            {
                _next++;
                return;
            }
            while (true)
            {
                AddValue(message, field, isMessage ? ParseMessage(field) : ParseScalar(field));
                PrototxtToken sep = Take();
                if (sep.IsSymbol(']')) return;
                if (!sep.IsSymbol(',')) throw Error(sep, $"expected ',' or ']' in the list of '{field.Name}', got {sep.Describe()}");
            }
        }
        if (isMessage)
        {
            AddValue(message, field, ParseMessage(field));
            return;
        }
        if (!hadColon) throw Error(Peek, $"expected ':' after '{nameToken.Text}', got {Peek.Describe()}");
        AddValue(message, field, ParseScalar(field));
    }

    private static void AddValue(IMessage message, FieldDescriptor field, object value)
    {
        if (field.IsRepeated) ((IList)field.Accessor.GetValue(message)).Add(value);
        else field.Accessor.SetValue(message, value);
    }

    private IMessage ParseMessage(FieldDescriptor field)
    {
        PrototxtToken open = Take();
        char close;
        if (open.IsSymbol('{')) close = '}';
        else if (open.IsSymbol('<')) close = '>';
        else throw Error(open, $"expected '{{' to open '{field.Name}' ({field.MessageType.Name}), got {open.Describe()}");
        var child = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
        Positions[child] = (open.Line, open.Column);
        ParseFields(child, close);
        return child;
    }

    private object ParseScalar(FieldDescriptor field)
    {
        PrototxtToken start = Peek;
        switch (field.FieldType)
        {
            case FieldType.String:
                return Encoding.UTF8.GetString(ReadStringBytes(field));
            case FieldType.Bytes:
                return ByteString.CopyFrom(ReadStringBytes(field));
            case FieldType.Bool:
                return ReadBool(field);
            case FieldType.Enum:
                return ReadEnum(field);
            case FieldType.Float:
                return (float)ReadFloating(field);
            case FieldType.Double:
                return ReadFloating(field);
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return (int)ReadInteger(field, int.MinValue, int.MaxValue);
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return (long)ReadInteger(field, long.MinValue, long.MaxValue);
            case FieldType.UInt32 or FieldType.Fixed32:
                return (uint)ReadInteger(field, 0, uint.MaxValue);
            case FieldType.UInt64 or FieldType.Fixed64:
                return (ulong)ReadInteger(field, 0, ulong.MaxValue);
            default:
                throw Error(start, $"field '{field.Name}' has unsupported type {field.FieldType}");
        }
    }

    private byte[] ReadStringBytes(FieldDescriptor field)
    {
        PrototxtToken token = Take();
        if (token.Kind != PrototxtTokenKind.String)
            throw Error(token, $"field '{field.Name}' expects a quoted string, got {token.Describe()}");
        var text = new StringBuilder(token.Text);
        while (Peek.Kind == PrototxtTokenKind.String) text.Append(Take().Text);
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    private bool ReadBool(FieldDescriptor field)
    {
        PrototxtToken token = Take();
        switch (token.Text)
        {
            case "true" or "True" or "t" or "1" when token.Kind != PrototxtTokenKind.String: return true;
            case "false" or "False" or "f" or "0" when token.Kind != PrototxtTokenKind.String: return false;
            default: throw Error(token, $"field '{field.Name}' expects true or false, got {token.Describe()}");
        }
    }

    private object ReadEnum(FieldDescriptor field)
    {
        EnumDescriptor enumType = field.EnumType;
        PrototxtToken token = Peek;
        EnumValueDescriptor? value;
        if (token.Kind == PrototxtTokenKind.Identifier)
        {
            _next++;
            value = enumType.FindValueByName(token.Text);
        }
        else
        {
            value = enumType.FindValueByNumber((int)ReadInteger(field, int.MinValue, int.MaxValue));
        }
        if (value is null)
        {
            string names = string.Join(", ", enumType.Values.Select(v => v.Name));
            throw Error(token, $"{token.Describe()} is not a value of enum {enumType.Name} for field '{field.Name}' (expected one of {names})");
        }
        return Enum.ToObject(enumType.ClrType, value.Number);
    }

    private double ReadFloating(FieldDescriptor field)
    {
        PrototxtToken start = Peek;
        bool negative = false;
        if (Peek.IsSymbol('-'))
        {
            _next++;
            negative = true;
        }
        PrototxtToken token = Take();
        double value;
        if (token.Kind == PrototxtTokenKind.Identifier)
        {
            value = token.Text.ToLowerInvariant() switch
            {
                "inf" or "infinity" or "inff" or "infinityf" => double.PositiveInfinity,
                "nan" or "nanf" => double.NaN,
                _ => throw Error(token, $"field '{field.Name}' expects a number, got {token.Describe()}"),
            };
        }
        else if (token.Kind == PrototxtTokenKind.Number)
        {
            string text = token.Text;
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) value = (double)ParseUnsigned(text, token, field);
            else
            {
                if (text.EndsWith('f') || text.EndsWith('F')) text = text[..^1];
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                    throw Error(token, $"field '{field.Name}' expects a number, got '{token.Text}'");
            }
        }
        else throw Error(start, $"field '{field.Name}' expects a number, got {token.Describe()}");
        return negative ? -value : value;
    }

    private decimal ReadInteger(FieldDescriptor field, decimal min, decimal max)
    {
        PrototxtToken start = Peek;
        bool negative = false;
        if (Peek.IsSymbol('-'))
        {
            _next++;
            negative = true;
        }
        PrototxtToken token = Take();
        if (token.Kind != PrototxtTokenKind.Number)
            throw Error(start, $"field '{field.Name}' expects an integer, got {token.Describe()}");
        decimal value = ParseUnsigned(token.Text, token, field);
        if (negative) value = -value;
        if (value < min || value > max)
        {
            string kind = min == 0 ? "an unsigned integer" : "an integer";
            throw Error(start, $"field '{field.Name}' expects {kind} in [{min}, {max}], got {(negative ? "-" : "")}{token.Text}");
        }
        return value;
    }

    private static decimal ParseUnsigned(string text, PrototxtToken token, FieldDescriptor field)
    {
        try
        {
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return ulong.Parse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (text.Length > 1 && text[0] == '0' && text.All(char.IsAsciiDigit))
                return Convert.ToUInt64(text, 8);
            if (text.All(char.IsAsciiDigit)) return decimal.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw Error(token, $"field '{field.Name}' has a malformed or too large integer '{text}'");
        }
        throw Error(token, $"field '{field.Name}' expects an integer, got '{text}'");
    }
}
