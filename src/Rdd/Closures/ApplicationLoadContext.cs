using System.Reflection;
using System.Runtime.Loader;

namespace ActorNet.Rdd.Closures;

/// <summary>
/// A collectible <see cref="AssemblyLoadContext"/> holding one application's shipped assemblies on a worker.
/// A name among them loads from the shipped bytes; any other (the runtime, ActorNet) comes from the default
/// context, so types such as <see cref="Func{T,TResult}"/> and <see cref="Rdd{T}"/> are shared with the host.
/// <see cref="AssemblyLoadContext.Unload"/> at application end lets the runtime free the code once no task
/// holds it.
/// </summary>
internal sealed class ApplicationLoadContext : AssemblyLoadContext
{
    private readonly Dictionary<string, byte[]> _images;
    private readonly object _gate = new();

    public ApplicationLoadContext(string applicationId, IEnumerable<ShippedAssembly> assemblies)
        : base($"actornet-app-{applicationId}", isCollectible: true)
    {
        _images = assemblies.ToDictionary(a => new AssemblyName(a.FullName).Name!, a => a.Image, StringComparer.Ordinal);
    }

    /// <summary>The simple names of the assemblies this context serves from shipped bytes.</summary>
    public IReadOnlyCollection<string> ShippedNames => _images.Keys;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || !_images.TryGetValue(assemblyName.Name, out var image)) return null;
        lock (_gate)
        {
            var loaded = Assemblies.FirstOrDefault(a => a.GetName().Name == assemblyName.Name);
            return loaded ?? LoadFromStream(new MemoryStream(image, writable: false));
        }
    }
}
