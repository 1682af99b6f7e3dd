namespace ActorNet.Rdd;

/// <summary>Where and how a persisted RDD keeps its partitions (Spark's <c>StorageLevel</c>).</summary>
/// <param name="UseDisk">Partitions are written to local disk (when memory is full, or always without memory).</param>
/// <param name="UseMemory">Partitions are kept in the block manager's memory store.</param>
/// <param name="Deserialized">In memory as objects (true) or as serialized bytes (false).</param>
public sealed record StorageLevel(bool UseDisk, bool UseMemory, bool Deserialized)
{
    /// <summary>Not persisted.</summary>
    public static StorageLevel None { get; } = new(false, false, false);

    /// <summary>Objects in memory; partitions that do not fit are recomputed when needed (the default of Cache).</summary>
    public static StorageLevel MemoryOnly { get; } = new(false, true, true);

    /// <summary>Serialized bytes in memory: smaller, costs deserialization on read.</summary>
    public static StorageLevel MemoryOnlySer { get; } = new(false, true, false);

    /// <summary>Objects in memory; partitions that do not fit, or are evicted, go to disk.</summary>
    public static StorageLevel MemoryAndDisk { get; } = new(true, true, true);

    /// <summary>Like <see cref="MemoryAndDisk"/> but serialized in memory.</summary>
    public static StorageLevel MemoryAndDiskSer { get; } = new(true, true, false);

    /// <summary>Serialized on local disk only.</summary>
    public static StorageLevel DiskOnly { get; } = new(true, false, false);

    /// <summary>True for every level but <see cref="None"/>.</summary>
    public bool IsValid => UseDisk || UseMemory;

    /// <summary>Spark's description, e.g. "Memory Deserialized 1x Replicated".</summary>
    public string Description
    {
        get
        {
            if (!IsValid) return "None";
            var parts = new List<string>();
            if (UseDisk) parts.Add("Disk");
            if (UseMemory) parts.Add("Memory");
            parts.Add(Deserialized ? "Deserialized" : "Serialized");
            return string.Join(" ", parts) + " 1x Replicated";
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"StorageLevel({Description})";
}
