namespace ActorNet.Actors.Sharding;

/// <summary>Places each slice ("key#slice") and the catalog in shards by their stable hash.</summary>
internal sealed class VectorStoreExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    /// <summary>The catalog entity's id (no key contains it as a whole: slice ids end in '#' and a number).</summary>
    public const string CatalogId = "$catalog";

    public static string SliceId(string key, int slice) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{key}#{slice}");

    protected override string? EntityIdOf(object message) => message switch
    {
        InitSlice m => SliceId(m.Key, m.Slice),
        PushSlice m => SliceId(m.Key, m.Slice),
        PullSlice m => SliceId(m.Key, m.Slice),
        PullSliceState m => SliceId(m.Key, m.Slice),
        PushSliceAtStep m => SliceId(m.Key, m.Slice),
        PullSliceAtVersion m => SliceId(m.Key, m.Slice),
        RemoveSlice m => SliceId(m.Key, m.Slice),
        CatalogAdd or CatalogRemove or CatalogList or CatalogEntries => CatalogId,
        _ => null,
    };
}
