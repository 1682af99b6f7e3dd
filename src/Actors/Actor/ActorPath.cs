namespace ActorNet.Actors;

/// <summary>
/// The unique name of an actor: its system's <see cref="Address"/> followed by the names from the root
/// guardian down, e.g. <c>actornet.tcp://app@127.0.0.1:2552/user/worker/child</c>.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    // The path elements from the root ("user", "worker", ...); empty for the root guardian.
    private readonly string[] _elements;
    // The formatted path, computed once because paths are compared and logged often.
    private readonly string _text;

    /// <summary>Creates a path from an address and the element names below the root.</summary>
    public ActorPath(Address address, IEnumerable<string> elements)
    {
        Address = address;
        _elements = elements.ToArray();
        _text = LocalAddress.Format(address) + "/" + string.Join('/', _elements);
    }

    /// <summary>The address of the system the actor lives in.</summary>
    public Address Address { get; }

    /// <summary>The element names below the root, e.g. <c>["user", "worker"]</c>.</summary>
    public IReadOnlyList<string> Elements => _elements;

    /// <summary>The last element (the actor's name), or an empty string for the root.</summary>
    public string Name => _elements.Length == 0 ? "" : _elements[^1];

    /// <summary>The path of the parent, or this path for the root.</summary>
    public ActorPath Parent => _elements.Length == 0 ? this : new ActorPath(Address, _elements[..^1]);

    /// <summary>The path of a child with the given name.</summary>
    public ActorPath Child(string name) => new(Address, [.. _elements, name]);

    /// <summary>The path with the address left out, e.g. <c>/user/worker</c>.</summary>
    public string ToStringWithoutAddress() => "/" + string.Join('/', _elements);

    /// <summary>The full path including the address.</summary>
    public override string ToString() => _text;

    /// <summary>Paths are equal when their text is equal.</summary>
    public bool Equals(ActorPath? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>
    /// Parses a full path such as <c>actornet.tcp://app@host:2552/user/a</c> or <c>actornet://app/user/a</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not a path; the message says why.</exception>
    public static ActorPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) throw new FormatException($"invalid actor path '{text}': missing '<protocol>://'");
        int slash = text.IndexOf('/', schemeEnd + 3);
        string authority = slash < 0 ? text : text[..slash];
        if (!LocalAddress.TryParse(authority, out var address, out var error))
            throw new FormatException($"invalid actor path '{text}': {error}");
        string[] elements = slash < 0 ? [] : text[(slash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new ActorPath(address, elements);
    }
}
