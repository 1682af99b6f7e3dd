using ActorNet.Actors;

namespace ActorNet.Actors.Tests.Remote;

public sealed class SerializationTests : IAsyncLifetime
{
    public enum Color { Red, Green = 5 }

    public sealed record Inner(string Name, int[] Values);

    public sealed record Carrier(string Key, float[] Big, int[] Small, Inner Nested);

    public sealed record Segments(ArraySegment<float> Large, ArraySegment<float> Small);

    public sealed record Outer(Guid Id, Inner Inner, List<Inner> Items, Dictionary<string, double> Scores, Color Color, (int, string) Pair, IActorRef? Who);

    public sealed class Settable
    {
        public int A { get; set; }
        public string? B { get; set; }
        public decimal C;
    }

    private ActorSystem _system = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("ser");
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _system.Terminate();

    private object RoundTrip(object value)
    {
        var (id, manifest, bytes) = _system.Serialization.ToBytes(value);
        return _system.Serialization.FromBytes(id, manifest, bytes);
    }

    [Fact]
    public void Primitives_and_strings_use_the_fast_path()
    {
        foreach (var value in new object[] { 42, 7L, 2.5, 1.5f, true, "héllo", 'x', TimeSpan.FromSeconds(3), 12.34m, PoisonPill.Instance })
        {
            Assert.Equal(1, _system.Serialization.FindFor(value.GetType()).Identifier);
            Assert.Equal(value, RoundTrip(value));
        }
    }

    [Fact]
    public void Float_arrays_travel_as_raw_little_endian_bytes()
    {
        var floats = new[] { 1.0f, -2.5f, float.MaxValue };
        var (id, _, bytes) = _system.Serialization.ToBytes(floats);
        Assert.Equal(2, id);
        Assert.Equal(12, bytes.Length);
        Assert.Equal(BitConverter.GetBytes(-2.5f), bytes[4..8]);
        Assert.Equal(floats, (float[])RoundTrip(floats));
    }

    [Fact]
    public void Records_tuples_collections_enums_and_refs_round_trip()
    {
        var actor = _system.ActorOf(Props.Create(() => new Sink()), "who");
        var value = new Outer(Guid.NewGuid(), new Inner("a", [1, 2]), [new Inner("b", []), new Inner("c", [3])],
            new Dictionary<string, double> { ["x"] = 1.5 }, Color.Green, (7, "seven"), actor);
        var copy = (Outer)RoundTrip(value);
        Assert.Equal(value.Id, copy.Id);
        Assert.Equal(value.Inner.Name, copy.Inner.Name);
        Assert.Equal(value.Inner.Values, copy.Inner.Values);
        Assert.Equal(["b", "c"], copy.Items.Select(i => i.Name));
        Assert.Equal(1.5, copy.Scores["x"]);
        Assert.Equal(Color.Green, copy.Color);
        Assert.Equal((7, "seven"), copy.Pair);
        Assert.Equal(actor, copy.Who);
        var settable = (Settable)RoundTrip(new Settable { A = 3, B = "b", C = 1.25m });
        Assert.Equal((3, "b", 1.25m), (settable.A, settable.B, settable.C));
        Assert.Equal(Tuple.Create(1, "x"), RoundTrip(Tuple.Create(1, "x")));
        var identity = (ActorIdentity)RoundTrip(new ActorIdentity("id", actor));
        Assert.Equal(actor, identity.Subject);
        var failure = (Status.Failure)RoundTrip(new Status.Failure(new InvalidOperationException("nope")));
        Assert.IsType<InvalidOperationException>(failure.Cause);
        Assert.Equal("nope", failure.Cause.Message);
    }

    [Fact]
    public void Malformed_payloads_fail_with_the_offset()
    {
        var (id, manifest, bytes) = _system.Serialization.ToBytes(new Inner("name", [1, 2, 3]));
        var error = Assert.Throws<FormatException>(() => _system.Serialization.FromBytes(id, manifest, bytes[..^3]));
        Assert.Contains("offset", error.Message);
        Assert.Throws<FormatException>(() => _system.Serialization.FromBytes(99, "", bytes));
        var unserializable = Assert.Throws<NotSupportedException>(() => _system.Serialization.ToBytes(new Func<int>(() => 1)));
        Assert.Contains("delegate", unserializable.Message);
    }

    [Fact]
    public void Large_arrays_in_records_split_off_as_raw_tails_and_come_back_in_their_places()
    {
        var objects = (ActorNet.Actors.Serialization.ObjectSerializer)_system.Serialization.ById(3);
        var value = new Carrier("k", Enumerable.Range(0, 10_000).Select(i => i * 0.5f).ToArray(), [1, 2, 3], new Inner("in", Enumerable.Range(0, 5_000).ToArray()));
        var head = new System.Buffers.ArrayBufferWriter<byte>();
        var tails = new List<ActorNet.Actors.Serialization.RawTail>();
        objects.SerializeWithTails(value, head, tails, minTailBytes: 16 * 1024);
        Assert.Equal(2, tails.Count);
        Assert.Same(value.Big, tails[0].Array); // sent from the record's own arrays
        Assert.Same(value.Nested.Values, tails[1].Array);
        Assert.True(head.WrittenCount < 1024, $"the head holds {head.WrittenCount} bytes");

        // The receiver hands in its own arrays (as the transport does, after filling them from the wire).
        var received = new Array[] { value.Big.ToArray(), value.Nested.Values.ToArray() };
        var copy = (Carrier)objects.Deserialize(head.WrittenSpan, received);
        Assert.Same(received[0], copy.Big);
        Assert.Same(received[1], copy.Nested.Values);
        Assert.Equal(value.Small, copy.Small);
        Assert.Equal(("k", "in"), (copy.Key, copy.Nested.Name));

        // Tails missing, left over, of the wrong type, or not expected at all.
        Assert.Contains("tail 1", Assert.Throws<FormatException>(() => objects.Deserialize(head.WrittenSpan, [received[0]])).Message);
        Assert.Contains("not referred to", Assert.Throws<FormatException>(() => objects.Deserialize(head.WrittenSpan, [.. received, new float[3]])).Message);
        Assert.ThrowsAny<ArgumentException>(() => objects.Deserialize(head.WrittenSpan, [received[1], received[0]]));
        Assert.Contains("tail", Assert.Throws<FormatException>(() => _system.Serialization.FromBytes(3, "", head.WrittenSpan)).Message);
    }

    [Fact]
    public void Float_segments_travel_as_the_floats_they_cover_and_come_back_as_whole_arrays()
    {
        var objects = (ActorNet.Actors.Serialization.ObjectSerializer)_system.Serialization.ById(3);
        var vector = Enumerable.Range(0, 50_000).Select(i => i * 0.25f).ToArray();
        var value = new Segments(new ArraySegment<float>(vector, 1_000, 20_000), new ArraySegment<float>(vector, 7, 3));
        var head = new System.Buffers.ArrayBufferWriter<byte>();
        var tails = new List<ActorNet.Actors.Serialization.RawTail>();
        objects.SerializeWithTails(value, head, tails, minTailBytes: 16 * 1024);
        var tail = Assert.Single(tails); // the small segment is written inline
        Assert.Same(vector, tail.Array); // sent from the caller's vector, no copy
        Assert.Equal((1_000, 20_000, "F", 80_000), (tail.Offset, tail.Count, tail.Manifest, tail.Bytes.Length));

        var received = vector.AsSpan(1_000, 20_000).ToArray();
        var copy = (Segments)objects.Deserialize(head.WrittenSpan, [received]);
        Assert.Same(received, copy.Large.Array);
        Assert.Equal((0, 20_000), (copy.Large.Offset, copy.Large.Count));
        Assert.Equal([1.75f, 2f, 2.25f], copy.Small.ToArray());
        Assert.Equal((0, 3), (copy.Small.Offset, copy.Small.Array!.Length));

        // Without tails (a local serialization), both come back inline.
        var (id, manifest, bytes) = _system.Serialization.ToBytes(value);
        Assert.Equal(3, id);
        var whole = (Segments)_system.Serialization.FromBytes(id, manifest, bytes);
        Assert.Equal(vector.AsSpan(1_000, 20_000).ToArray(), whole.Large.ToArray());
    }

    private sealed class Sink : ReceiveActor
    {
        public Sink() => ReceiveAny(_ => { });
    }
}
