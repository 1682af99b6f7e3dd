namespace ActorNet.Configuration;

/// <summary>How a scalar was written; it decides how the value is presented to configuration.</summary>
internal enum HoconScalarKind
{
    /// <summary>A quoted or triple-quoted string, or the result of a string concatenation.</summary>
    String,

    /// <summary>Unquoted text: numbers, booleans, plain words.</summary>
    Unquoted,

    /// <summary>The literal <c>null</c>.</summary>
    Null,

    /// <summary>Whitespace between two parts of a concatenation; kept only when the parts are strings.</summary>
    Whitespace,
}

/// <summary>A scalar value: its text as written (unescaped for quoted strings) and how it was written.</summary>
internal sealed class HoconScalarNode(HoconPosition position, string text, HoconScalarKind kind) : HoconNode(position)
{
    public string Text { get; } = text;

    public HoconScalarKind Kind { get; } = kind;

    public override bool IsResolved => true;
}
