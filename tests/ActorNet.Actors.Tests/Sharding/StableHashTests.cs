using ActorNet.Actors.Sharding;

namespace ActorNet.Actors.Tests.Sharding;

public sealed class StableHashTests
{
    [Theory]
    [InlineData("", 0x811C9DC5u)] // FNV-1a 32 reference vectors
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void Fnv1a_matches_the_reference_vectors(string text, uint expected) =>
        Assert.Equal(expected, StableHash.Fnv1a32(text));

    [Fact]
    public void Non_ascii_ids_hash_their_utf8_bytes()
    {
        Assert.Equal(StableHash.Fnv1a32("é"u8), StableHash.Fnv1a32("é"));
        Assert.Equal(StableHash.Fnv1a32(new string('x', 2000)), StableHash.Fnv1a32(System.Text.Encoding.UTF8.GetBytes(new string('x', 2000))));
    }

    [Fact]
    public void A_fixed_entity_id_lands_in_the_same_shard_in_every_process()
    {
        // Fixed values: any process on any machine must compute them (string.GetHashCode would not).
        Assert.Equal(0x00C03293u, StableHash.Fnv1a32("entity-42"));
        Assert.Equal("59", StableHash.ShardOf("entity-42", 100));
        var extractor = HashCodeMessageExtractor.Create(100, m => m as string);
        Assert.Equal("59", extractor.ShardId("entity-42"));
        Assert.Equal("59", extractor.ShardId(new ShardingEnvelope("entity-42", 7)));
        Assert.Equal(7, extractor.EntityMessage(new ShardingEnvelope("entity-42", 7)));
        Assert.Null(extractor.ShardId(3.5));
    }

    [Fact]
    public void Shards_spread_over_the_whole_range()
    {
        var shards = Enumerable.Range(0, 1000).Select(i => StableHash.ShardOf($"key-{i}", 10)).ToHashSet();
        Assert.Equal(10, shards.Count);
    }

    [Fact]
    public void A_non_positive_shard_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StableHash.ShardOf("x", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => HashCodeMessageExtractor.Create(-1, m => "x"));
    }
}
