using Microsoft.Extensions.Configuration;

namespace ActorNet.Configuration;

/// <summary>Adds HOCON files and text to an <see cref="IConfigurationBuilder"/>.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>Adds a HOCON file; its keys override those of sources added before it.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file; relative paths are taken from the current directory.</param>
    /// <param name="optional">When true, a missing file adds no keys instead of failing the build.</param>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.Add(new HoconConfigurationSource { Path = path, Optional = optional });
    }

    /// <summary>Adds HOCON text; its keys override those of sources added before it.</summary>
    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string text)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        return builder.Add(new HoconConfigurationSource { Text = text });
    }

    /// <summary>Adds ActorNet's defaults (hocon/reference.conf, embedded in ActorNet.Actors).</summary>
    public static IConfigurationBuilder AddActorNetReference(this IConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HoconConfigurationSource { Text = ReferenceConfiguration.Text, SourceName = "reference.conf" });
    }
}
