namespace ActorNet.Actors.Tests.Messaging;

using System.Runtime.Serialization;
using ActorNet.Messaging;
using Akka.Serialization;
using MessagePack;

/// <summary>What the serializer does with what it must refuse: types without contracts, bad manifests, bad bytes.</summary>
public sealed class FailureTests() : Akka.TestKit.Xunit2.TestKit(MessagingTestConfig.Local, "actornet")
{
    private SerializerWithStringManifest Ours =>
        (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(InnerPart));

    [Fact]
    public void A_type_without_a_contract_reaches_our_serializer_and_fails_naming_the_type()
    {
        var message = new MessageWithoutContract(5);
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<MessagePackMessageSerializer>(serializer); // not Akka's JSON: "System.Object" is rebound
        var error = Assert.Throws<SerializationException>(() => serializer.ToBinary(message));
        Assert.Contains(typeof(MessageWithoutContract).FullName!, error.Message);
        Assert.Contains("[MessagePackObject]", error.Message);
        Assert.Throws<SerializationException>(() => Ours.Manifest(message));
    }

    [Fact]
    public void A_contract_with_a_member_of_a_type_without_one_fails_naming_the_type()
    {
        var message = new HoldsAnUncontractedMember(new MessageWithoutContract(1));
        var error = Assert.Throws<SerializationException>(() => Ours.ToBinary(message));
        Assert.Contains(nameof(HoldsAnUncontractedMember), error.Message);
        Assert.Contains(nameof(MessageWithoutContract), error.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("No.Such.Type, NoSuchAssembly")]
    [InlineData("ActorNet.Actors.Tests.Messaging.NoSuchMessage, ActorNet.Actors.Tests")]
    [InlineData("this is [not a type name,,")]
    [InlineData("ActorNet.Actors.Tests.Messaging.MessageWithoutContract, ActorNet.Actors.Tests")]
    [InlineData("System.IO.FileInfo, System.Private.CoreLib")]
    [InlineData("System.Diagnostics.Process, System.Diagnostics.Process")]
    [InlineData("ActorNet.Messaging.IActorNetMessage, ActorNet.Actors")]
    public void A_manifest_naming_no_contract_type_is_refused_with_the_manifest_named(string manifest)
    {
        var bytes = Ours.ToBinary(new InnerPart("x", 1));
        var error = Assert.Throws<SerializationException>(() => Ours.FromBinary(bytes, manifest));
        Assert.Contains($"'{manifest}'", error.Message);
    }

    [Fact]
    public void A_generic_contract_over_a_type_without_one_is_refused()
    {
        var manifest = $"{typeof(GenericEnvelope<>).FullName}[[{typeof(FileInfo).FullName}, System.Private.CoreLib]], ActorNet.Actors.Tests";
        var error = Assert.Throws<SerializationException>(() => Ours.FromBinary([0x91, 0xC0], manifest));
        Assert.Contains("not a MessagePack contract type", error.Message);

        var allowed = new GenericEnvelope<InnerPart>(new InnerPart("in", 2));
        Assert.Equal(allowed, Ours.FromBinary(Ours.ToBinary(allowed), Ours.Manifest(allowed)));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xC1 })] // a code MessagePack never uses
    [InlineData(new byte[] { 0x92, 0xA1 })] // an array of two whose first string is cut short
    [InlineData(new byte[] { 0x92, 0x01, 0x02 })] // a string where an int is, an int where a string is
    [InlineData(new byte[] { 0xDD, 0x7F, 0xFF, 0xFF, 0xFF })] // an array claiming 2^31 elements
    [InlineData(new byte[] { 0xC0 })] // nil where a message is
    public void Garbage_bytes_give_a_serialization_exception_naming_the_manifest(byte[] bytes)
    {
        var manifest = Ours.Manifest(new InnerPart("x", 1));
        var error = Assert.Throws<SerializationException>(() => Ours.FromBinary(bytes, manifest));
        Assert.Contains($"'{manifest}'", error.Message);
    }

    [Fact]
    public void Bytes_after_a_whole_message_are_refused()
    {
        var bytes = Ours.ToBinary(new InnerPart("x", 1));
        var error = Assert.Throws<SerializationException>(() => Ours.FromBinary([.. bytes, 0x01], Ours.Manifest(new InnerPart("x", 1))));
        Assert.Contains("after its end", error.Message);
    }

    [Fact]
    public void A_garbage_actor_path_or_address_is_refused_or_dead_letters_never_a_crash()
    {
        var manifest = Ours.Manifest(new ActorRefMessage("x", null, null));
        var badAddress = MessagePackSerializer.Serialize(new object?[] { "x", null, "not an address" });
        Assert.Throws<SerializationException>(() => Ours.FromBinary(badAddress, manifest));

        // Akka resolves an unparseable path to dead letters, as its own serializers do.
        var badPath = MessagePackSerializer.Serialize(new object?[] { "x", "::not a path::", null });
        var message = Assert.IsType<ActorRefMessage>(Ours.FromBinary(badPath, manifest));
        Assert.Equal(Sys.DeadLetters, message.ReplyTo);
    }
}

[MessagePackObject]
public sealed record HoldsAnUncontractedMember([property: Key(0)] MessageWithoutContract Inner);

[MessagePackObject]
public sealed record GenericEnvelope<T>([property: Key(0)] T Body);
