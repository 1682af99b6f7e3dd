namespace ActorNet.Configuration;

/// <summary>ActorNet's reference configuration: every setting with its default and documentation.</summary>
public static class ReferenceConfiguration
{
    private const string ResourceName = "ActorNet.reference.conf";

    private static readonly Lazy<string> LazyText = new(ReadResource);

    /// <summary>The text of hocon/reference.conf as compiled into ActorNet.Actors.</summary>
    public static string Text => LazyText.Value;

    private static string ReadResource()
    {
        using var stream = typeof(ReferenceConfiguration).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} missing from {typeof(ReferenceConfiguration).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
