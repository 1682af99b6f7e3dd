using Akka.Cluster.Sharding;

namespace ActorNet.VectorStore;

/// <summary>Places each slice ("key#slice") and the catalog in shards by the stable hash of their id.</summary>
internal sealed class VectorStoreExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    /// <summary>The catalog entity's id (no slice id is it: slice ids end in '#' and a number).</summary>
    public const string CatalogId = "$catalog";

    public override string? EntityId(object message) => message switch
    {
        LocateSlice m => SliceCodec.SliceId(m.Key, m.Slice),
        RemoveSlice m => SliceCodec.SliceId(m.Key, m.Slice),
        AdoptParked m => SliceCodec.SliceId(m.Key, m.Slice),
        CatalogAdd or CatalogRemove or CatalogList or CatalogEntries => CatalogId,
        _ => null,
    };
}
