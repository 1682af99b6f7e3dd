using System.Buffers;
using System.Collections.Concurrent;
using ActorNet.Actors.Serialization;

namespace ActorNet.Actors;

/// <summary>
/// Chooses the serializer for each message type crossing the wire. Built in: primitives and strings
/// (id 1), primitive arrays as raw little-endian bytes (id 2), and a general object serializer for records,
/// tuples, classes, collections and actor references (id 3). Register your own for other formats.
/// </summary>
public sealed class SerializerRegistry
{
    // Serializers by wire identifier.
    private readonly ConcurrentDictionary<int, ISerializer> _byId = new();
    // Explicit bindings of types (or base types) to serializers, in registration order.
    private readonly List<(Type Type, ISerializer Serializer)> _bindings = [];
    // Resolved serializer per concrete type.
    private readonly ConcurrentDictionary<Type, ISerializer> _cache = new();
    // The fallback for anything not bound.
    private readonly ISerializer _objects;

    internal SerializerRegistry(ActorSystem system)
    {
        var primitives = new PrimitiveSerializer();
        var arrays = new RawArraySerializer();
        _objects = new ObjectSerializer(system);
        Register(primitives, PrimitiveSerializer.Types);
        Register(arrays, RawArraySerializer.Types);
        _byId[_objects.Identifier] = _objects;
    }

    /// <summary>Uses <paramref name="serializer"/> for <paramref name="types"/> and their subtypes (later registrations win).</summary>
    /// <exception cref="ArgumentException">Another serializer already uses the same identifier.</exception>
    public void Register(ISerializer serializer, params Type[] types)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        var existing = _byId.GetOrAdd(serializer.Identifier, serializer);
        if (!ReferenceEquals(existing, serializer) && existing.GetType() != serializer.GetType())
            throw new ArgumentException($"serializer id {serializer.Identifier} is taken by {existing.GetType().Name}", nameof(serializer));
        lock (_bindings)
        {
            foreach (var type in types) _bindings.Insert(0, (type, serializer));
            _cache.Clear();
        }
    }

    /// <summary>The serializer for values of <paramref name="type"/>.</summary>
    public ISerializer FindFor(Type type) => _cache.GetOrAdd(type, t =>
    {
        lock (_bindings)
        {
            foreach (var (bound, serializer) in _bindings)
                if (bound == t) return serializer;
            foreach (var (bound, serializer) in _bindings)
                if (bound.IsAssignableFrom(t)) return serializer;
        }
        return _objects;
    });

    /// <summary>The serializer with wire identifier <paramref name="id"/>.</summary>
    /// <exception cref="FormatException">No serializer has that identifier here.</exception>
    public ISerializer ById(int id) =>
        _byId.TryGetValue(id, out var serializer) ? serializer : throw new FormatException($"no serializer with id {id} is registered on this node");

    /// <summary>Serializes to a new byte array (for tests and tools; remoting writes straight to its buffers).</summary>
    public (int SerializerId, string Manifest, byte[] Bytes) ToBytes(object value)
    {
        var serializer = FindFor(value.GetType());
        var buffer = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, buffer);
        return (serializer.Identifier, serializer.Manifest(value), buffer.WrittenSpan.ToArray());
    }

    /// <summary>The inverse of <see cref="ToBytes"/>.</summary>
    public object FromBytes(int serializerId, string manifest, ReadOnlySpan<byte> bytes) => ById(serializerId).Deserialize(bytes, manifest);
}
