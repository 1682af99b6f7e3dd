using ActorNet.Actors;

namespace ActorNet.Actors.Tests.Remote;

public sealed class SerializationTests : IAsyncLifetime
{
    public enum Color { Red, Green = 5 }

    public sealed record Inner(string Name, int[] Values);

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

    private sealed class Sink : ReceiveActor
    {
        public Sink() => ReceiveAny(_ => { });
    }
}
