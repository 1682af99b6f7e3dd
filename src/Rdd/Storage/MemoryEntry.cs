namespace ActorNet.Rdd.Storage;

/// <summary>A block in the memory store: the objects (T[]) or their bytes, its estimated size, its level.</summary>
/// <param name="Value">A T[] when deserialized, else the serialized byte[].</param>
/// <param name="Size">Bytes charged against the store's capacity.</param>
/// <param name="Level">The level the block was persisted with (decides whether eviction spills to disk).</param>
/// <param name="ToBytes">Serializes the block when it must be written to disk.</param>
internal sealed record MemoryEntry(object Value, long Size, StorageLevel Level, Func<byte[]> ToBytes);
