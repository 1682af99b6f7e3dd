using Microsoft.Extensions.Configuration;

namespace ActorNet.Configuration;

/// <summary>A configuration source reading HOCON from a file or from text.</summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    /// <summary>The HOCON file to read; ignored when <see cref="Text"/> is set.</summary>
    public string? Path { get; init; }

    /// <summary>HOCON text to read instead of a file.</summary>
    public string? Text { get; init; }

    /// <summary>Name used in error messages for <see cref="Text"/>.</summary>
    public string SourceName { get; init; } = "string";

    /// <summary>When true, a missing <see cref="Path"/> yields no keys instead of an error.</summary>
    public bool Optional { get; init; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
