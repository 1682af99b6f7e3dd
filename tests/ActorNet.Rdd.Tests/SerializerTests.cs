using ActorNet.Rdd.Serialization;

namespace ActorNet.Rdd.Tests;

public class SerializerTests
{
    public sealed record Point(string Label, double X, double Y);

    public sealed class Opaque(Func<int> f)
    {
        public Func<int> F { get; } = f;
    }

    private static T RoundTrip<T>(T value)
    {
        var codec = BinaryRddSerializer.Instance.CodecFor<T>();
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) codec.Write(writer, value);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var result = codec.Read(reader);
        Assert.Equal(stream.Length, stream.Position);
        return result;
    }

    [Fact]
    public void OptionsOfReferencesKeepTheirValues()
    {
        Assert.Equal(Option<string>.Some("x"), RoundTrip(Option<string>.Some("x")));
        Assert.Equal(Option<string>.None, RoundTrip(Option<string>.None));
        Assert.Equal(Option<string?>.Some(null), RoundTrip(Option<string?>.Some(null)));
        Assert.Equal((1, (Option<string>.Some("l"), Option<string>.None)), RoundTrip((1, (Option<string>.Some("l"), Option<string>.None))));
        Assert.Equal(Option<int>.Some(3), RoundTrip(Option<int>.Some(3)));
    }

    [Fact]
    public void PrimitivesStringsAndTuplesRoundTrip()
    {
        Assert.Equal(42, RoundTrip(42));
        Assert.Equal(-7L, RoundTrip(-7L));
        Assert.Equal(3.25f, RoundTrip(3.25f));
        Assert.Equal(1.5m, RoundTrip(1.5m));
        Assert.Equal('x', RoundTrip('x'));
        Assert.True(RoundTrip(true));
        Assert.Equal(DayOfWeek.Friday, RoundTrip(DayOfWeek.Friday));
        Assert.Equal("héllo", RoundTrip("héllo"));
        Assert.Null(RoundTrip<string?>(null));
        Assert.Equal((1, 2L), RoundTrip((1, 2L)));
        Assert.Equal(("a", (2, "b")), RoundTrip(("a", (2, "b"))));
        Assert.Equal((1, "x", 2.0, 'c'), RoundTrip((1, "x", 2.0, 'c')));
        Assert.Equal(Tuple.Create("k", 3), RoundTrip(Tuple.Create("k", 3)));
        Assert.Equal((int?)5, RoundTrip((int?)5));
        Assert.Equal(new KeyValuePair<string, int>("k", 1), RoundTrip(new KeyValuePair<string, int>("k", 1)));
    }

    [Fact]
    public void ArraysListsAndDictionariesRoundTrip()
    {
        var floats = Enumerable.Range(0, 1000).Select(i => i * 0.5f).ToArray();
        Assert.Equal(floats, RoundTrip(floats));
        Assert.Null(RoundTrip<float[]?>(null));
        Assert.Equal(new[] { "a", null, "c" }, RoundTrip(new[] { "a", null, "c" }));
        Assert.Equal(new[] { new[] { 1, 2 }, [3] }, RoundTrip(new[] { new[] { 1, 2 }, [3] }));
        Assert.Equal(new List<(string, int)> { ("a", 1) }, RoundTrip(new List<(string, int)> { ("a", 1) }));
        Assert.Equal(new Dictionary<string, int[]> { ["x"] = [1, 2] }, RoundTrip(new Dictionary<string, int[]> { ["x"] = [1, 2] }));
        Assert.Equal(new object?[] { 1, "two", null, (3, "four") }, RoundTrip(new object?[] { 1, "two", null, (3, "four") }));
    }

    [Fact]
    public void RecordsAndContractTypesGoThroughMessagePack()
    {
        Assert.Equal(new Point("p", 1.5, -2), RoundTrip(new Point("p", 1.5, -2)));
        Assert.Equal(new[] { new Point("a", 0, 1) }, RoundTrip(new[] { new Point("a", 0, 1) }));
        var mutable = RoundTrip(new Mutable { Name = "m", Values = [1, 2], Inner = new Point("i", 3, 4) });
        Assert.Equal(("m", new Point("i", 3, 4)), (mutable.Name, mutable.Inner));
        Assert.Equal(new[] { 1, 2 }, mutable.Values);
        Assert.Equal(new Contract(7, "seven"), RoundTrip(new Contract(7, "seven")));
        Assert.Equal(new object?[] { new Point("o", 0, 0), null }, RoundTrip(new object?[] { new Point("o", 0, 0), null }));
    }

    [Fact]
    public void ARecordWhoseLengthLiesFailsNamingTheOffset()
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) writer.Write(1_000_000);
        stream.Position = 0;
        var e = Assert.Throws<InvalidDataException>(() => BinaryRddSerializer.Instance.CodecFor<Point>().Read(new BinaryReader(stream)));
        Assert.Contains("offset 0", e.Message);
        Assert.Contains(nameof(Point), e.Message);
    }

    public sealed class Mutable
    {
        public string? Name { get; set; }
        public int[]? Values { get; set; }
        public Point? Inner { get; set; }
    }

    [MessagePack.MessagePackObject]
    public sealed record Contract([property: MessagePack.Key(0)] int Id, [property: MessagePack.Key(1)] string Text);

    [Fact]
    public void TypesMessagePackCannotHandleFailNamingTheType()
    {
        var e = Assert.Throws<NotSupportedException>(() => RoundTrip(new Opaque(() => 1)));
        Assert.Contains(nameof(Opaque), e.Message);
    }

    [Fact]
    public void CloneCopiesMutableValues()
    {
        var original = new[] { 1.0, 2.0 };
        var copy = BinaryRddSerializer.Instance.Clone(original);
        copy[0] = 9;
        Assert.Equal(1.0, original[0]);
    }

    [Fact]
    public void ShufflesCarryRecordsAndNullKeys()
    {
        using var sc = TestData.Local2();
        var pairs = new (string?, Point)[] { ("a", new Point("x", 1, 2)), (null, new Point("y", 3, 4)), ("a", new Point("z", 5, 6)), (null, new Point("w", 0, 0)) };
        var grouped = sc.Parallelize(pairs, 2).GroupByKey(3).Collect().ToDictionary(kv => kv.Item1 ?? "<null>", kv => kv.Item2.Select(p => p.Label).Order().ToArray());
        Assert.Equal(new[] { "x", "z" }, grouped["a"]);
        Assert.Equal(new[] { "w", "y" }, grouped["<null>"]);
    }
}
