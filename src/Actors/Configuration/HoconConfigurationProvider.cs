using Microsoft.Extensions.Configuration;

namespace ActorNet.Configuration;

/// <summary>Loads the keys of a <see cref="HoconConfigurationSource"/>.</summary>
internal sealed class HoconConfigurationProvider(HoconConfigurationSource source) : ConfigurationProvider
{
    public override void Load()
    {
        IReadOnlyDictionary<string, string?> keys;
        if (source.Text is not null)
            keys = Hocon.Parse(source.Text, source.SourceName);
        else if (source.Path is null || (source.Optional && !File.Exists(source.Path)))
            keys = new Dictionary<string, string?>();
        else
            keys = Hocon.Load(source.Path);
        Data = new Dictionary<string, string?>(keys, StringComparer.OrdinalIgnoreCase);
    }

    public override string ToString() => $"Hocon({source.Path ?? source.SourceName})";
}
