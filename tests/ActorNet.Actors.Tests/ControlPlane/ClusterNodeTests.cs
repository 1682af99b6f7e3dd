using ActorNet.ControlPlane;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorNet.ControlPlane.Tests;

/// <summary>ActorNet nodes on Akka.Cluster: formation with roles, the member list, and a plain Akka.NET program joining.</summary>
public sealed class ClusterNodeTests : IAsyncLifetime
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);
    private readonly List<ClusterNode> _nodes = [];
    private readonly List<ActorSystem> _plain = [];

    [Fact]
    public async Task A_seed_and_two_workers_form_one_cluster_with_their_roles()
    {
        var seed = Start(NodeConfigurations.Node("seed"));
        await seed.WhenUp(JoinTimeout);
        var workers = new[] { Start(NodeConfigurations.Node("worker", Seed(seed))), Start(NodeConfigurations.Node("worker", Seed(seed))) };
        foreach (var worker in workers) await worker.WhenUp(JoinTimeout);

        await AwaitMembersUp(seed, 3);
        var members = seed.Members();
        Assert.Equal(["seed"], members.Single(m => m.Address == seed.Address.ToString()).Roles);
        foreach (var worker in workers)
        {
            Assert.StartsWith("akka.tcp://actornet@127.0.0.1:", worker.Address.ToString());
            Assert.Equal(["worker"], members.Single(m => m.Address == worker.Address.ToString()).Roles);
        }
        Assert.All(members, m => Assert.True(m.Reachable));
    }

    [Fact]
    public async Task A_plain_Akka_program_joins_and_sees_every_node_up_with_its_roles()
    {
        var seed = Start(NodeConfigurations.Node("seed"));
        await seed.WhenUp(JoinTimeout);
        var worker = Start(NodeConfigurations.Node("worker", Seed(seed)));
        await worker.WhenUp(JoinTimeout);

        // Exactly what docs/cluster-interop.md tells an Akka.NET user to write: Akka's defaults otherwise.
        var plain = ActorSystem.Create("actornet", ConfigurationFactory.ParseString($$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.seed-nodes = ["{{seed.Address}}"]
            akka.cluster.roles = [mine]
            """));
        _plain.Add(plain);
        var cluster = AkkaCluster.Get(plain);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(JoinTimeout);

        await AwaitAssert(() =>
        {
            var members = cluster.State.Members.Where(m => m.Status == MemberStatus.Up).ToList();
            Assert.Equal(3, members.Count);
            Assert.Contains(members, m => m.Address == seed.Address && m.HasRole("seed"));
            Assert.Contains(members, m => m.Address == worker.Address && m.HasRole("worker"));
        });
        await AwaitMembersUp(seed, 3);
        Assert.Contains(seed.Members(), m => m.Roles.SequenceEqual(["mine"]) && m.Status == "Up");
    }

    [Fact]
    public void A_node_bound_off_loopback_without_credentials_refuses_to_start()
    {
        var config = NodeConfigurations.Node("seed", more: ("actornet:remote:hostname", "0.0.0.0"));
        var error = Assert.Throws<InvalidOperationException>(() => ClusterNode.Start(config));
        Assert.Contains("actornet.remote.secret", error.Message);
        Assert.Contains("0.0.0.0", error.Message);
    }

    [Fact]
    public void A_node_advertises_its_configured_public_data_plane_address()
    {
        var node = Start(NodeConfigurations.Node("seed", more: [("actornet:data-plane:public-hostname", "10.1.2.3"), ("actornet:data-plane:public-port", "40404")]));
        Assert.Equal(new ActorNet.DataPlane.DataPlaneAddress("10.1.2.3", 40404), node.DataPlane.Address);
        Assert.Equal("127.0.0.1", node.DataPlane.BoundAddress.Host);
        Assert.NotEqual(0, node.DataPlane.BoundAddress.Port);
    }

    private ClusterNode Start(Microsoft.Extensions.Configuration.IConfiguration config)
    {
        var node = ClusterNode.Start(config);
        _nodes.Add(node);
        return node;
    }

    internal static string Seed(ClusterNode node) => $"127.0.0.1:{node.Address.Port}";

    internal static Task AwaitMembersUp(ClusterNode node, int count) =>
        AwaitAssert(() => Assert.Equal(count, node.Members().Count(m => m.Status == "Up")));

    internal static async Task AwaitAssert(Action assertion)
    {
        var deadline = DateTime.UtcNow + JoinTimeout;
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var system in _plain) await system.Terminate();
        await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));
    }
}
