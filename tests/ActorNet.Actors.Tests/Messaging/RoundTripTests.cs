namespace ActorNet.Actors.Tests.Messaging;

using ActorNet.Messaging;
using Akka.Actor;
using Akka.Serialization;

/// <summary>Messages written and read back through the serializer Akka picks for them.</summary>
public sealed class RoundTripTests() : Akka.TestKit.Xunit2.TestKit(MessagingTestConfig.Local, "actornet")
{
    [Fact]
    public void Primitives_strings_and_enums_come_back_equal()
    {
        var message = new PrimitivesMessage(-7, long.MaxValue, 3.25, true, "héllo wörld", 255, Guid.NewGuid(),
            new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), SampleKind.Reduce);
        Assert.Equal(message, RoundTrip(message));
    }

    [Fact]
    public void Arrays_and_nested_contracts_come_back_with_the_same_contents()
    {
        var message = new ArraysAndNestingMessage([1, -2, int.MaxValue], ["a", "", "ccc"], [1.5f, float.NaN, -0f],
            new InnerPart("single", 1), [new InnerPart("x", 2), new InnerPart("y", 3)]);
        var back = RoundTrip(message);
        Assert.Equal(message.Ints, back.Ints);
        Assert.Equal(message.Names, back.Names);
        Assert.Equal(message.Floats, back.Floats);
        Assert.Equal(message.Single, back.Single);
        Assert.Equal(message.Many, back.Many);
    }

    [Fact]
    public void Nullable_fields_keep_both_null_and_values()
    {
        var empty = new NullablesMessage(null, null, null, null);
        Assert.Equal(empty, RoundTrip(empty));
        var full = new NullablesMessage(0, "name", new InnerPart("p", 9), [long.MinValue]);
        var back = RoundTrip(full);
        Assert.Equal((full.MaybeCount, full.MaybeName, full.MaybePart), (back.MaybeCount, back.MaybeName, back.MaybePart));
        Assert.Equal(full.MaybeArray, back.MaybeArray);
    }

    [Fact]
    public void Dictionaries_come_back_with_the_same_entries()
    {
        var message = new DictionariesMessage(new() { ["a"] = 1, ["b"] = 2 },
            new Dictionary<int, InnerPart> { [3] = new("three", 3), [-1] = new("minus", -1) });
        var back = RoundTrip(message);
        Assert.Equal(message.Counts.OrderBy(p => p.Key), back.Counts.OrderBy(p => p.Key));
        Assert.Equal(message.PartsByIndex.OrderBy(p => p.Key), back.PartsByIndex.OrderBy(p => p.Key));
    }

    [Fact]
    public void A_local_actor_reference_resolves_to_the_same_actor()
    {
        var probe = CreateTestProbe();
        var back = RoundTrip(new ActorRefMessage("reply here", probe.Ref, null));
        Assert.Equal(probe.Ref, back.ReplyTo);
        back.ReplyTo!.Tell("arrived");
        probe.ExpectMsg("arrived");
    }

    [Fact]
    public void A_null_actor_reference_stays_null()
    {
        Assert.Null(RoundTrip(new ActorRefMessage("none", null, null)).ReplyTo);
    }

    [Fact]
    public void An_akka_address_comes_back_equal()
    {
        var node = new Address("akka.tcp", "actornet", "10.0.0.7", 4053);
        Assert.Equal(node, RoundTrip(new ActorRefMessage("node", null, node)).Node);
    }

    [Fact]
    public void The_manifest_is_the_type_and_its_assembly_simple_name()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(InnerPart));
        Assert.Equal("ActorNet.Actors.Tests.Messaging.InnerPart, ActorNet.Actors.Tests",
            serializer.Manifest(new InnerPart("x", 1)));
    }

    private T RoundTrip<T>(T message) where T : notnull
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<MessagePackMessageSerializer>(serializer);
        Assert.Equal(MessagingConfig.SerializerIdentifier, serializer.Identifier);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        // Through Akka's own entry point, by identifier and manifest, as a receiving node reads it.
        return Assert.IsType<T>(Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest));
    }
}
