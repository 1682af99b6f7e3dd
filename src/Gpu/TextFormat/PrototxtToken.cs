namespace ActorNet.Gpu;

/// <summary>One lexical token; <see cref="Text"/> is the decoded value for strings, the source text otherwise.</summary>
internal readonly record struct PrototxtToken(PrototxtTokenKind Kind, string Text, int Line, int Column)
{
    public bool IsSymbol(char c) => Kind == PrototxtTokenKind.Symbol && Text.Length == 1 && Text[0] == c;

    public string Describe() => Kind switch
    {
        PrototxtTokenKind.End => "end of input",
        PrototxtTokenKind.String => $"string \"{Text}\"",
        _ => $"'{Text}'",
    };
}
