using System.Reflection;
using System.Runtime.Loader;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// A collectible load context for one application on an executor, to which shipped assemblies are added as
/// stages name them (a later job may use an assembly the first did not). A shipped name loads from its bytes;
/// every other name (the runtime, ActorNet) comes from the default context, so <see cref="Func{T,TResult}"/> and
/// <see cref="Rdd{T}"/> are the host's types. Unloaded when the application ends.
/// </summary>
internal sealed class ExecutorLoadContext(string appId) : AssemblyLoadContext($"actornet-app-{appId}", isCollectible: true)
{
    // Shipped images by simple name, added before any task that needs them is deserialized.
    private readonly Dictionary<string, byte[]> _images = new(StringComparer.Ordinal);

    // Full names already added, so each assembly is fetched from the driver once.
    private readonly HashSet<string> _fullNames = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();

    public bool Has(string fullName)
    {
        lock (_gate) return _fullNames.Contains(fullName);
    }

    public void Add(string fullName, byte[] image)
    {
        lock (_gate)
        {
            if (!_fullNames.Add(fullName)) return;
            _images[new AssemblyName(fullName).Name!] = image;
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        lock (_gate)
        {
            if (assemblyName.Name is null || !_images.TryGetValue(assemblyName.Name, out var image)) return null;
            return Assemblies.FirstOrDefault(a => a.GetName().Name == assemblyName.Name)
                   ?? LoadFromStream(new MemoryStream(image, writable: false));
        }
    }
}
