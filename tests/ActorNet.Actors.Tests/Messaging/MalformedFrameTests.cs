namespace ActorNet.Actors.Tests.Messaging;

using ActorNet.Messaging;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

/// <summary>
/// A peer whose serializer 441 writes garbage for one message: the receiving node refuses that message with our
/// error, and the node, the association and the next message are unharmed.
/// </summary>
public sealed class MalformedFrameTests() : Akka.TestKit.Xunit2.TestKit(MessagingTestConfig.Remote, "actornet"), IAsyncLifetime
{
    // The misbehaving peer.
    private ActorSystem _sender = null!;

    public Task InitializeAsync()
    {
        var lying = ConfigurationFactory.ParseString(
            $"akka.actor.serializers.{MessagingConfig.SerializerName} = \"{typeof(GarbageOnRequestSerializer).AssemblyQualifiedName}\"");
        _sender = ActorSystem.Create("actornet", lying.WithFallback(MessagingTestConfig.Remote));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => ShutdownAsync(_sender);

    [Fact]
    public async Task A_malformed_message_is_dropped_and_the_next_one_arrives()
    {
        var errors = LoggedSerializationErrors.Watch(Sys);
        var probe = CreateTestProbe();
        var path = new RootActorPath(((ExtendedActorSystem)Sys).Provider.DefaultAddress) / probe.Ref.Path.Elements;
        var target = await _sender.ActorSelection(path).ResolveOne(TimeSpan.FromSeconds(20));

        target.Tell(new Greet(GarbageOnRequestSerializer.Trigger, null));
        target.Tell(new Greet("fine", null));

        Assert.Equal("fine", (await probe.ExpectMsgAsync<Greet>(TimeSpan.FromSeconds(20))).Text);
        await AwaitAssertAsync(() => Assert.Contains(errors.Lines, line => line.Contains($"Could not read a '{typeof(Greet).FullName}")),
            TimeSpan.FromSeconds(20));
    }
}

/// <summary>ActorNet's serializer, except that a <see cref="Greet"/> whose text is <see cref="Trigger"/> is written as garbage.</summary>
public sealed class GarbageOnRequestSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const string Trigger = "write me as garbage";

    private readonly MessagePackMessageSerializer _real = new(system);

    public override int Identifier => _real.Identifier;

    public override string Manifest(object o) => _real.Manifest(o);

    public override byte[] ToBinary(object obj) =>
        obj is Greet { Text: Trigger } ? [0x92, 0xC1, 0xC1] : _real.ToBinary(obj);

    public override object FromBinary(byte[] bytes, string manifest) => _real.FromBinary(bytes, manifest);
}
