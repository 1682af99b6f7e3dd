using ActorNet.Messaging;
using MessagePack;

namespace ActorNet.VectorStore;

// The Akka messages of the sharded vector store. They only describe: where a slice lives, removals, the catalog of
// keys and hand-offs. A slice's floats never ride in them; they move on the data plane (SliceProtocol.cs).
// Public: MessagePack's dynamic resolver writes their formatters in another assembly.

/// <summary>Asks a slice entity (created by this message if it was not running) for its node's data plane address; answered with <see cref="SliceLocated"/>.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index within the vector.</param>
[MessagePackObject]
public sealed record LocateSlice([property: Key(0)] string Key, [property: Key(1)] int Slice) : IActorNetMessage;

/// <summary>Where a slice lives: the data plane address of its node, to which its pushes and pulls go.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
/// <param name="Host">The data plane host.</param>
/// <param name="Port">The data plane port.</param>
[MessagePackObject]
public sealed record SliceLocated([property: Key(0)] string Key, [property: Key(1)] int Slice, [property: Key(2)] string Host, [property: Key(3)] int Port)
    : IActorNetMessage;

/// <summary>Drops a slice's value (freeing its memory); answered with <see cref="SliceRemoved"/>.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
[MessagePackObject]
public sealed record RemoveSlice([property: Key(0)] string Key, [property: Key(1)] int Slice) : IActorNetMessage;

/// <summary>A slice was dropped.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
[MessagePackObject]
public sealed record SliceRemoved([property: Key(0)] string Key, [property: Key(1)] int Slice) : IActorNetMessage;

/// <summary>
/// Tells a slice that its value is parked on the node leaving at <paramref name="Host"/>:<paramref name="Port"/> (its
/// shard was handed off): the entity, started by this message on the shard's new node, claims it over the data plane
/// before it serves anything.
/// </summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
/// <param name="Host">The data plane host of the node holding the parked value.</param>
/// <param name="Port">Its data plane port.</param>
[MessagePackObject]
public sealed record AdoptParked([property: Key(0)] string Key, [property: Key(1)] int Slice, [property: Key(2)] string Host, [property: Key(3)] int Port)
    : IActorNetMessage;

/// <summary>Asks a node's parking lot whether it holds a handed-off slice; answered with <see cref="ParkedAnswer"/>.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
[MessagePackObject]
public sealed record FindParked([property: Key(0)] string Key, [property: Key(1)] int Slice) : IActorNetMessage;

/// <summary>Whether a parking lot holds the slice, and the data plane address to claim it from.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
/// <param name="Found">True when the slice is parked there.</param>
/// <param name="Host">The data plane host to claim it from.</param>
/// <param name="Port">The data plane port.</param>
[MessagePackObject]
public sealed record ParkedAnswer([property: Key(0)] string Key, [property: Key(1)] int Slice, [property: Key(2)] bool Found,
    [property: Key(3)] string Host, [property: Key(4)] int Port) : IActorNetMessage;

/// <summary>Records a key and its length in the store's catalog (used by snapshots); answered with <see cref="CatalogAck"/>.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Length">Its length.</param>
[MessagePackObject]
public sealed record CatalogAdd([property: Key(0)] string Key, [property: Key(1)] int Length) : IActorNetMessage;

/// <summary>Removes a key from the catalog; answered with <see cref="CatalogAck"/>.</summary>
/// <param name="Key">The vector's key.</param>
[MessagePackObject]
public sealed record CatalogRemove([property: Key(0)] string Key) : IActorNetMessage;

/// <summary>A catalog change was made.</summary>
/// <param name="Key">The key changed.</param>
[MessagePackObject]
public sealed record CatalogAck([property: Key(0)] string Key) : IActorNetMessage;

/// <summary>Asks the catalog for every key; answered with <see cref="CatalogEntries"/>.</summary>
[MessagePackObject]
public sealed record CatalogList : IActorNetMessage
{
    /// <summary>A shared instance (every instance is equal).</summary>
    public static CatalogList Instance { get; } = new();
}

/// <summary>The catalog's keys and lengths; sent to the catalog itself, merged into it (a catalog handed off to a new node).</summary>
/// <param name="Entries">Length by key.</param>
[MessagePackObject]
public sealed record CatalogEntries([property: Key(0)] Dictionary<string, int> Entries) : IActorNetMessage;

/// <summary>The hand-off stop message of the store's entities (sent by their shard on this node): park the state and stop.</summary>
[MessagePackObject]
public sealed record VectorStoreHandOff : IActorNetMessage
{
    /// <summary>A shared instance (every instance is equal).</summary>
    public static VectorStoreHandOff Instance { get; } = new();
}
