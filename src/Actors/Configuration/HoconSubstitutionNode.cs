namespace ActorNet.Configuration;

/// <summary>A substitution <c>${a.b}</c> or optional substitution <c>${?a.b}</c>.</summary>
internal sealed class HoconSubstitutionNode(HoconPosition position, IReadOnlyList<string> path, bool optional)
    : HoconNode(position)
{
    public IReadOnlyList<string> Path { get; } = path;

    public bool Optional { get; } = optional;

    public string PathText => string.Join('.', Path);

    /// <summary>
    /// Set for a self-reference with no earlier value (<c>a = ${?a} [1]</c> as the first definition of
    /// <c>a</c>): the document itself cannot answer it, only the environment can.
    /// </summary>
    public bool EnvironmentOnly { get; init; }

    /// <summary>
    /// For an optional substitution that redefines a field (<c>secret = ${?SECRET}</c> after a default):
    /// the earlier value, kept when the substitution turns out undefined, as HOCON specifies.
    /// </summary>
    public HoconNode? Fallback { get; init; }

    public override bool IsResolved => false;
}
