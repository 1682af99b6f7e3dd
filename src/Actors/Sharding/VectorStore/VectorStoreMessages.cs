using ActorNet.Actors.Serialization;

namespace ActorNet.Actors.Sharding;

// The messages of the sharded vector store. Each slice of a key is one entity ("key#slice"); the catalog of
// keys is one more entity. Arrays in these messages belong to the message: neither side changes them after sending
// (nor the receiver, which may get the very array the sender holds when both are on one node). Across nodes a large
// array travels as a raw tail of the record, sent from the array itself when its chunks go out.

/// <summary>Sets a slice's value (creating or replacing it); answered with <see cref="SliceAck"/>.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index within the vector.</param>
/// <param name="TotalLength">The whole vector's length (so a pull knows how many slices to fetch).</param>
/// <param name="Value">The slice's floats; the entity keeps this array as its value (copying it before its first update).</param>
/// <param name="Version">The synchronous steps the value already includes: 0 for a new value; a slice handed off to
/// another node carries its version along so that synchronous steps continue where they were.</param>
/// <param name="Step">A handed-off slice's step in progress (the contributions it recorded) and rule state; null for a new value.</param>
public sealed record InitSlice(string Key, int Slice, int TotalLength, float[] Value, long Version = 0, SliceStepState? Step = null);

/// <summary>What a slice carries to its next home besides its value: the synchronous step in progress and the rule's state.</summary>
/// <param name="StepSum">The sum of the deltas recorded for the step in progress, or null when none arrived.</param>
/// <param name="StepCount">How many deltas it holds.</param>
/// <param name="Contributors">The ids of the identified contributors among them.</param>
/// <param name="RuleState">A stateful rule's state (e.g. momentum history), or null.</param>
public sealed record SliceStepState(float[]? StepSum, int StepCount, int[] Contributors, float[]? RuleState);

/// <summary>Updates a slice with a named rule (see <see cref="VectorUpdateRegistry"/>); answered with <see cref="SliceAck"/>.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
/// <param name="TotalLength">The whole delta's length: every slice refuses a push whose length is not the vector's, so a wrong-sized push changes nothing.</param>
/// <param name="Delta">The update's operand, as long as the slice: a run of the client's own vector (sent from it, not
/// copied), or, on the receiving node, a whole array that belongs to the message.</param>
/// <param name="Rule">The update rule, e.g. <c>add</c> or <c>sgd(0.01)</c>.</param>
public sealed record PushSlice(string Key, int Slice, int TotalLength, ArraySegment<float> Delta, string Rule);

/// <summary>Reads a slice; answered with <see cref="SliceValue"/>.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
public sealed record PullSlice(string Key, int Slice);

/// <summary>
/// Reads a slice's rule state (e.g. the momentum history of <c>momentum(mu)</c>); answered with <see cref="SliceValue"/>
/// holding a copy of the state, zeros when no stateful rule has run on the slice since it was initialized.
/// </summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
public sealed record PullSliceState(string Key, int Slice);

/// <summary>A slice was set or updated.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
public sealed record SliceAck(string Key, int Slice);

/// <summary>A slice's value.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
/// <param name="TotalLength">The whole vector's length.</param>
/// <param name="Value">
/// The slice's floats: the entity's own array, which it never changes once sent (its next update works on a copy), so
/// readers must not change it either. A reply received from another node is a new array, or the place in the asker's
/// destination it was read into (see <see cref="ShardedVectorStore.PullAsync(string, float[], CancellationToken)"/>).
/// </param>
public sealed record SliceValue(string Key, int Slice, int TotalLength, ArraySegment<float> Value) : ILentArrays
{
    /// <summary>The entity's count of replies holding its value (not sent: a reply from another node holds its own copy).</summary>
    internal ValueLease? Lease { get; init; }

    /// <summary>For the transport once the reply is written, and for the store's client once it has copied the value.</summary>
    void ILentArrays.Release() => Lease?.Release();
}

/// <summary>Records a key and its length in the store's catalog (used by snapshots); answered with <see cref="SliceAck"/> (slice −1).</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Length">Its length.</param>
public sealed record CatalogAdd(string Key, int Length);

/// <summary>Drops a slice's value (the key's memory is freed); answered with <see cref="SliceAck"/>.</summary>
/// <param name="Key">The vector's key.</param>
/// <param name="Slice">The slice's index.</param>
public sealed record RemoveSlice(string Key, int Slice);

/// <summary>Removes a key from the catalog; answered with <see cref="SliceAck"/> (slice −1).</summary>
/// <param name="Key">The vector's key.</param>
public sealed record CatalogRemove(string Key);

/// <summary>Asks the catalog for every key; answered with <see cref="CatalogEntries"/>.</summary>
public sealed record CatalogList
{
    /// <summary>A shared instance (every instance is equal; a public constructor lets it cross the network).</summary>
    public static CatalogList Instance { get; } = new();
}

/// <summary>The catalog's keys and lengths.</summary>
/// <param name="Entries">Length by key.</param>
public sealed record CatalogEntries(IReadOnlyDictionary<string, int> Entries);

/// <summary>The hand-off stop message of the store's entities: they leave their state behind and stop.</summary>
public sealed record VectorStoreHandOff
{
    /// <summary>A shared instance (every instance is equal; a public constructor lets it cross the network).</summary>
    public static VectorStoreHandOff Instance { get; } = new();
}
