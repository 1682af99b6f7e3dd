using ActorNet.ControlPlane;
using Akka.Actor;

namespace ActorNet.ControlPlane.Tests;

/// <summary>The cluster secret on Akka's port: mutual TLS with per-node certificates that carry a proof of the secret.</summary>
public sealed class RemoteSecurityTests : IAsyncLifetime
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);
    private readonly List<ClusterNode> _nodes = [];

    [Fact]
    public async Task Nodes_with_the_same_secret_form_a_cluster_over_TLS()
    {
        var seed = Start(NodeConfigurations.Node("seed", secret: "s3cret"));
        Assert.Equal(RemoteSecurityMode.Secret, seed.Security.Mode);
        Assert.True(seed.System.Settings.Config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        await seed.WhenUp(JoinTimeout);
        var worker = Start(NodeConfigurations.Node("worker", ClusterNodeTests.Seed(seed), secret: "s3cret"));
        await worker.WhenUp(JoinTimeout);
        await ClusterNodeTests.AwaitMembersUp(seed, 2);
    }

    [Fact]
    public async Task A_node_with_a_wrong_secret_never_becomes_a_member_and_reaches_no_actor()
    {
        var seed = Start(NodeConfigurations.Node("seed", secret: "right"));
        await seed.WhenUp(JoinTimeout);
        var received = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        seed.System.ActorOf(Props.Create(() => new Recorder(received)), "inbox");

        var intruder = Start(NodeConfigurations.Node("worker", ClusterNodeTests.Seed(seed), secret: "wrong"));
        intruder.System.ActorSelection($"{seed.Address}/user/inbox").Tell("let me in");
        var joined = intruder.WhenUp(TimeSpan.FromSeconds(8));
        await Assert.ThrowsAsync<TimeoutException>(() => joined);

        Assert.False(received.Task.IsCompleted, "a message from the wrong-secret node reached an actor");
        Assert.Single(seed.Members());
        Assert.DoesNotContain(seed.Members(), m => m.Address == intruder.Address.ToString());
    }

    [Fact]
    public void A_certificate_proves_only_the_secret_it_was_made_with()
    {
        using var certificate = SecretCertificate.Create("alpha");
        Assert.True(SecretCertificate.HasProof(certificate, "alpha"));
        Assert.False(SecretCertificate.HasProof(certificate, "beta"));
        Assert.False(SecretCertificate.HasProof(null, "alpha"));
        // Another key with a copied proof fails: the proof binds the certificate's own public key.
        using var other = SecretCertificate.Create("gamma");
        Assert.False(SecretCertificate.HasProof(other, "alpha"));
    }

    private ClusterNode Start(Microsoft.Extensions.Configuration.IConfiguration config)
    {
        var node = ClusterNode.Start(config);
        _nodes.Add(node);
        return node;
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(TaskCompletionSource<object> received) => ReceiveAny(m => received.TrySetResult(m));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));
}
