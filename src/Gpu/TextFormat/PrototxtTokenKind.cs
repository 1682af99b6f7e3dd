namespace ActorNet.Gpu;

/// <summary>What a prototxt token is.</summary>
internal enum PrototxtTokenKind
{
    Identifier,
    Number,
    String,
    Symbol,
    End,
}
