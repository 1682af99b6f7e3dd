using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;
using Akka.Actor;
using MessagePack;

namespace ActorNet.Messaging;

/// <summary>
/// Maps message types to their wire manifests and back, and decides which types may cross the wire: only types
/// with an explicit MessagePack contract. A manifest names a type; resolving it never creates an instance and
/// never accepts a type without a contract, so the wire cannot make a node build an arbitrary type.
/// </summary>
internal sealed class MessageContracts
{
    // A manifest longer than this is not a type name a message of ours would have; refused before any lookup.
    private const int MaxManifestLength = 1024;

    // Contract types already checked, with their manifests (types are finite, so this stays small).
    private readonly ConcurrentDictionary<Type, string> _manifestByType = new();

    // Manifests that resolved to a contract type; failed look-ups are not kept, so bad input cannot grow this.
    private readonly ConcurrentDictionary<string, Type> _typeByManifest = new(StringComparer.Ordinal);

    /// <summary>The manifest for a type about to be sent; throws when the type has no contract.</summary>
    public string ManifestFor(Type type)
    {
        if (_manifestByType.TryGetValue(type, out var manifest))
            return manifest;
        if (!IsContractType(type))
            throw new SerializationException(
                $"Type '{type.FullName}' has no MessagePack contract, so ActorNet's serializer will not send it (and " +
                "no message falls back to JSON): mark it [MessagePackObject] with [Key(n)] on each serialized member " +
                $"and implement {nameof(IActorNetMessage)}.");
        manifest = ManifestOf(type);
        _typeByManifest.TryAdd(manifest, type);
        return _manifestByType.GetOrAdd(type, manifest);
    }

    /// <summary>The contract type a received manifest names; throws when it names no such type.</summary>
    public Type TypeFor(string manifest)
    {
        if (_typeByManifest.TryGetValue(manifest, out var type))
            return type;
        if (string.IsNullOrWhiteSpace(manifest) || manifest.Length > MaxManifestLength)
            throw new SerializationException(
                $"Manifest '{Shorten(manifest)}' is not a message type name (empty or over {MaxManifestLength} characters).");
        type = Resolve(manifest)
            ?? throw new SerializationException(
                $"Manifest '{manifest}' names no type this node has; is the assembly that defines it deployed here?");
        if (!IsContractType(type))
            throw new SerializationException(
                $"Manifest '{manifest}' names '{type.FullName}', which is not a MessagePack contract type; refusing to " +
                "read it (only [MessagePackObject] types cross the wire).");
        _manifestByType.TryAdd(type, manifest);
        return _typeByManifest.GetOrAdd(manifest, type);
    }

    /// <summary>
    /// Whether a type carries an explicit contract: <c>[MessagePackObject]</c> or a <c>[MessagePackFormatter]</c> of
    /// ours, concrete, and (when generic) closed over arguments that are themselves safe to name on the wire.
    /// </summary>
    public static bool IsContractType(Type type)
    {
        if (type.IsAbstract || type.IsInterface || type.ContainsGenericParameters || type.IsArray || type.IsPointer)
            return false;
        if (type.GetCustomAttribute<MessagePackObjectAttribute>(inherit: true) is null
            && type.GetCustomAttribute<MessagePackFormatterAttribute>(inherit: true) is null)
            return false;
        return !type.IsGenericType || type.GetGenericArguments().All(IsSafeGenericArgument);
    }

    // A generic message's arguments are named on the wire too, so they pass the same test (or are plain values).
    private static bool IsSafeGenericArgument(Type argument) =>
        argument.IsPrimitive || argument.IsEnum || argument == typeof(string) || argument == typeof(decimal)
        || argument == typeof(Guid) || argument == typeof(IActorRef) || argument == typeof(Address)
        || IsContractType(argument);

    /// <summary>"Namespace.Type, AssemblySimpleName": stable across versions, as Akka's own manifests are.</summary>
    public static string ManifestOf(Type type)
    {
        if (!type.IsGenericType)
            return $"{type.FullName}, {type.Assembly.GetName().Name}";
        var definition = type.GetGenericTypeDefinition().FullName;
        var arguments = string.Join(",", type.GetGenericArguments().Select(a => $"[{ManifestOf(a)}]"));
        return $"{definition}[{arguments}], {type.Assembly.GetName().Name}";
    }

    private static Type? Resolve(string manifest)
    {
        try
        {
            return Type.GetType(manifest, ResolveAssembly, ResolveType, throwOnError: false);
        }
        catch (Exception e) when (e is ArgumentException or IOException or BadImageFormatException or TypeLoadException)
        {
            // A malformed name or an assembly that will not load is the same answer as no such type.
            return null;
        }
    }

    // An assembly already loaded (in any load context: shipped application assemblies live in their own) by its simple
    // name; otherwise the default context's probe, which only finds the application's own assemblies, never a path.
    private static Assembly? ResolveAssembly(AssemblyName name)
    {
        foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
            if (string.Equals(loaded.GetName().Name, name.Name, StringComparison.Ordinal))
                return loaded;
        try
        {
            return Assembly.Load(new AssemblyName(name.Name!));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }

    private static Type? ResolveType(Assembly? assembly, string name, bool ignoreCase) =>
        assembly is null ? Type.GetType(name, throwOnError: false, ignoreCase) : assembly.GetType(name, throwOnError: false, ignoreCase);

    private static string Shorten(string? text) =>
        text is null ? "" : text.Length <= 80 ? text : text[..80] + "...";
}
