using System.Reflection;
using System.Runtime.Loader;

namespace ActorNet.Rdd.Closures;

/// <summary>
/// Sends functions and object graphs to workers (see docs/rdd.md): <c>Serialize</c> on the driver,
/// <see cref="Deserialize"/> on the executor. <see cref="EnsureSerializable"/> is Spark's
/// <c>ClosureCleaner.ensureSerializable</c>: it turns a bad capture into an error on the driver. Tasks go through
/// <see cref="Scheduling.TaskBinary"/>, which the DAG scheduler calls once per stage attempt.
/// </summary>
internal static class ClosureSerializer
{
    /// <summary>The closure's bytes, and the assemblies it names (the application ones must be shipped).</summary>
    public static byte[] Serialize(object? closure, out IReadOnlySet<Assembly> assemblies) => Serialize(closure, out assemblies, out _);

    /// <summary>The closure's bytes, the assemblies it names and the broadcasts it refers to (by id).</summary>
    public static byte[] Serialize(object? closure, out IReadOnlySet<Assembly> assemblies, out IReadOnlyDictionary<long, object> broadcasts)
    {
        using var buffer = new MemoryStream();
        using (var output = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            var writer = new ClosureWriter(output);
            writer.WriteRoot(closure);
            assemblies = writer.Assemblies;
            broadcasts = writer.Broadcasts;
        }
        return buffer.ToArray();
    }

    /// <summary>The closure's bytes.</summary>
    public static byte[] Serialize(object? closure) => Serialize(closure, out _);

    /// <summary>Throws <see cref="TaskNotSerializableException"/> naming the first capture that cannot be sent.</summary>
    public static void EnsureSerializable(object? closure) => Serialize(closure, out _);

    /// <summary>Reads a closure, resolving types in <paramref name="context"/> (null: the default context).</summary>
    public static object? Deserialize(byte[] bytes, AssemblyLoadContext? context, IClosureHandles handles)
    {
        using var input = new BinaryReader(new MemoryStream(bytes, writable: false), System.Text.Encoding.UTF8);
        var value = new ClosureReader(input, context, handles).ReadRoot();
        if (input.BaseStream.Position != bytes.Length)
        {
            throw new InvalidDataException($"Closure stream: {bytes.Length - input.BaseStream.Position} bytes left after the closure at offset {input.BaseStream.Position}.");
        }
        return value;
    }

    /// <summary>Reads a closure of type <typeparamref name="T"/>.</summary>
    public static T Deserialize<T>(byte[] bytes, AssemblyLoadContext? context, IClosureHandles handles) where T : class =>
        Deserialize(bytes, context, handles) as T
        ?? throw new InvalidDataException($"Closure stream: the closure is not a {typeof(T)}.");
}
