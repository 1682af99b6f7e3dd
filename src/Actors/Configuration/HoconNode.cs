namespace ActorNet.Configuration;

/// <summary>
/// A value of a parsed HOCON document. Parsing yields a tree that may still hold substitutions and
/// concatenations; resolution turns it into objects, arrays and scalars only.
/// </summary>
internal abstract class HoconNode(HoconPosition position)
{
    public HoconPosition Position { get; } = position;

    /// <summary>True when nothing in this subtree still needs resolving.</summary>
    public abstract bool IsResolved { get; }
}
