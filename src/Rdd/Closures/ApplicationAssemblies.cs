using System.Reflection;
using System.Runtime.InteropServices;

namespace ActorNet.Rdd.Closures;

/// <summary>One application assembly as shipped to workers (spark-submit's jars): its full name and file bytes.</summary>
internal sealed record ShippedAssembly(string FullName, byte[] Image);

/// <summary>
/// Chooses the assemblies a worker lacks: the application's entry assembly and, transitively, its references
/// that are neither part of the .NET runtime nor ActorNet's own (every worker runs ActorNet.Actors and
/// ActorNet.Rdd already).
/// </summary>
internal static class ApplicationAssemblies
{
    /// <summary>The shippable closure of <paramref name="roots"/> over assembly references, in a stable order.</summary>
    public static IReadOnlyList<ShippedAssembly> Collect(IEnumerable<Assembly> roots)
    {
        var seen = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>(roots);
        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            if (!NeedsShipping(assembly) || seen.ContainsKey(assembly.FullName!)) continue;
            seen.Add(assembly.FullName!, assembly);
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                var loaded = TryLoad(assembly, reference);
                if (loaded is not null) pending.Push(loaded);
            }
        }
        return seen.Values.OrderBy(a => a.FullName, StringComparer.Ordinal)
            .Select(a => new ShippedAssembly(a.FullName!, File.ReadAllBytes(a.Location)))
            .ToList();
    }

    // The node program's own assemblies: ActorNet.Rdd and everything it references (ActorNet.Actors, Akka.NET, MessagePack,
    // DotNetty...). Every worker has them in its default load context; a shipped copy would be a second Akka whose types
    // are not the node's.
    private static readonly Lazy<HashSet<string>> NodeAssemblies = new(() =>
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(ApplicationAssemblies).Assembly]);
        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            if (!names.Add(assembly.GetName().Name!)) continue;
            foreach (var reference in assembly.GetReferencedAssemblies())
                if (!names.Contains(reference.Name!) && TryLoad(assembly, reference) is { } loaded) pending.Push(loaded);
        }
        return names;
    });

    /// <summary>True for an application assembly: not in the runtime's folder, not the node program's own, loaded from a file.</summary>
    public static bool NeedsShipping(Assembly assembly)
    {
        if (assembly.IsDynamic) return false;
        if (NodeAssemblies.Value.Contains(assembly.GetName().Name!)) return false;
        var location = assembly.Location;
        if (string.IsNullOrEmpty(location)) return false;
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        return !Path.GetFullPath(location).StartsWith(Path.GetFullPath(runtimeDir), StringComparison.Ordinal);
    }

    private static Assembly? TryLoad(Assembly from, AssemblyName reference)
    {
        var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(from) ?? System.Runtime.Loader.AssemblyLoadContext.Default;
        try
        {
            return context.LoadFromAssemblyName(reference);
        }
        catch (FileNotFoundException)
        {
            // A reference the application never touches (compile-time only): nothing runs it, nothing to ship.
            return null;
        }
    }
}
