namespace ActorNet.Actors.Tests.Messaging;

using Akka.Actor;

/// <summary>An actor reference written on one node and read on another, over real remoting on 127.0.0.1.</summary>
public sealed class RemoteActorRefTests() : Akka.TestKit.Xunit2.TestKit(MessagingTestConfig.Remote, "actornet"), IAsyncLifetime
{
    // The second node: it reads what this test's system writes.
    private ActorSystem _other = null!;

    public Task InitializeAsync()
    {
        _other = ActorSystem.Create("actornet", MessagingTestConfig.Remote);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => ShutdownAsync(_other);

    [Fact]
    public void A_reference_read_on_another_node_reaches_the_same_actor()
    {
        var probe = CreateTestProbe();
        var message = new ActorRefMessage("to the probe", probe.Ref, null);
        var serializer = Sys.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);

        var onOther = Assert.IsType<ActorRefMessage>(_other.Serialization.Deserialize(bytes, serializer.Identifier, manifest));
        var selfAddress = ((ExtendedActorSystem)Sys).Provider.DefaultAddress;
        Assert.Equal(selfAddress, onOther.ReplyTo!.Path.Address); // a remote reference, carrying this node's host and port
        Assert.Equal(probe.Ref.Path.Elements, onOther.ReplyTo.Path.Elements);

        onOther.ReplyTo.Tell(new InnerPart("over the wire", 1));
        probe.ExpectMsg(new InnerPart("over the wire", 1), TimeSpan.FromSeconds(20));
    }
}
