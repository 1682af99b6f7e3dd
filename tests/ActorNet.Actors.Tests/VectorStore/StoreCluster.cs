using Microsoft.Extensions.Configuration;
using ActorNet.ControlPlane;
using ActorNet.DataPlane;
using ActorNet.Messaging;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorNet.VectorStore.Tests;

/// <summary>
/// Several Akka nodes named "actornet" in one process (cluster provider, dot-netty on 127.0.0.1 port 0, ActorNet's
/// MessagePack serializer), each with its own data plane node; the first is the seed. Nodes with role "worker" host the
/// store, the others (the driver) reach it through a proxy. A node "crashes" with <see cref="CrashAsync"/> (no leave, no
/// hand-off: its system and data plane just stop) and is downed by the survivors; it leaves with <see cref="LeaveAsync"/>.
/// </summary>
internal sealed class StoreCluster : IAsyncDisposable
{
    public static readonly TimeSpan FormTimeout = TimeSpan.FromSeconds(30);

    private readonly List<Node> _nodes = [];
    private readonly List<ActorNet.Actors.Tests.DataPlane.TcpForwarder> _forwarders = [];

    public sealed record Node(ActorSystem System, DataPlaneNode DataPlane, string Role)
    {
        public Address Address => AkkaCluster.Get(System).SelfAddress;

        internal VectorStoreHost Host => VectorStoreHost.Get(System);
    }

    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>With <see cref="StartBehindForwardersAsync"/>: the forwarder in front of each node's data plane, in node order.</summary>
    public IReadOnlyList<ActorNet.Actors.Tests.DataPlane.TcpForwarder> Forwarders => _forwarders;

    /// <summary>Starts one node per role and waits until every node sees them all up.</summary>
    public static Task<StoreCluster> StartAsync(int sliceSize, params string[] roles) => StartAsync(sliceSize, behindForwarders: false, roles);

    /// <summary>
    /// As <see cref="StartAsync(int, string[])"/>, but every node's data plane advertises a TCP forwarder's port
    /// (<see cref="DataPlaneOptions.PublicPort"/>) that leads to the port it binds, so peers reach it only through that.
    /// </summary>
    public static Task<StoreCluster> StartBehindForwardersAsync(int sliceSize, params string[] roles) => StartAsync(sliceSize, behindForwarders: true, roles);

    private static async Task<StoreCluster> StartAsync(int sliceSize, bool behindForwarders, string[] roles)
    {
        var cluster = new StoreCluster();
        try
        {
            foreach (var role in roles)
            {
                var forwarder = behindForwarders ? new ActorNet.Actors.Tests.DataPlane.TcpForwarder() : null;
                if (forwarder is not null) cluster._forwarders.Add(forwarder);
                cluster._nodes.Add(StartNode(role, sliceSize, forwarder));
            }
            var seed = cluster._nodes[0].Address;
            foreach (var node in cluster._nodes) AkkaCluster.Get(node.System).Join(seed);
            await cluster.AwaitUpAsync(roles.Length);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static Node StartNode(string role, int sliceSize, ActorNet.Actors.Tests.DataPlane.TcpForwarder? forwarder)
    {
        var config = MessagingConfig.Config.WithFallback(ConfigurationFactory.ParseString($$"""
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.roles = [{{role}}]
            akka.cluster.sharding { state-store-mode = ddata, remember-entities = off, retry-interval = 500ms }
            # A downed node's shards get new homes after the removal margin (default: SBR's stable-after, 20 s).
            akka.cluster.down-removal-margin = 1s
            akka.cluster.split-brain-resolver.stable-after = 5s
            akka.cluster.distributed-data.durable.keys = []
            # A crash is a crash: Terminate() runs no leave and no hand-off (a leave is asked for explicitly).
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            akka.cluster.run-coordinated-shutdown-when-down = off
            """)).WithFallback(ClusterSharding.DefaultConfig()); // sharding's serializer known before the first sharding message arrives
        // The store's own settings come from the node's ActorNet configuration, as ClusterNode hands it over.
        var settings = new ConfigurationBuilder().AddInMemoryCollection([
            new("actornet:cluster:sharding:vector-store:slice-size", sliceSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("actornet:cluster:sharding:vector-store:number-of-shards", "20"),
        ]).Build();
        var system = ActorSystem.Create("actornet", BootstrapSetup.Create().WithConfig(config).And(new NodeConfigurationSetup(settings)));
        var dataPlane = DataPlaneNode.Start(new DataPlaneOptions { Host = "127.0.0.1", Port = 0, PublicPort = forwarder?.Port });
        forwarder?.ForwardTo(dataPlane.BoundAddress.Port);
        DataPlaneExtension.Get(system).Attach(dataPlane);
        return new Node(system, dataPlane, role);
    }

    /// <summary>A client on <paramref name="node"/> (hosting when it is a worker), with the given timeouts.</summary>
    public static ShardedVectorStore Client(Node node, TimeSpan? timeout = null, TimeSpan? attempt = null)
    {
        var store = ShardedVectorStore.ForMember(node.System, timeout ?? TimeSpan.FromSeconds(30));
        return attempt is { } each ? new ShardedVectorStore(node.System, store.Region, store.SliceSize, store.Timeout) { AttemptTimeout = each } : store;
    }

    /// <summary>Starts the store's region on every worker (as their node programs do at start).</summary>
    public void HostOnWorkers()
    {
        foreach (var node in _nodes.Where(n => n.Role == "worker")) ShardedVectorStore.StartIfHosting(node.System);
    }

    private async Task AwaitUpAsync(int count)
    {
        using var timeout = new CancellationTokenSource(FormTimeout);
        while (!_nodes.All(n => AkkaCluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == count))
            await Task.Delay(100, timeout.Token);
    }

    /// <summary>Stops <paramref name="node"/> as a crash would, and has the survivors down it (so its shards get new homes).</summary>
    public async Task CrashAsync(Node node)
    {
        var address = node.Address;
        _nodes.Remove(node);
        await node.DataPlane.DisposeAsync();
        await node.System.Terminate().WaitAsync(FormTimeout);
        AkkaCluster.Get(_nodes[0].System).Down(address);
        using var timeout = new CancellationTokenSource(FormTimeout);
        while (_nodes.Any(n => AkkaCluster.Get(n.System).State.Members.Any(m => m.Address == address)))
            await Task.Delay(100, timeout.Token);
    }

    /// <summary><paramref name="node"/> leaves the cluster gracefully (its shards are handed off), then stops.</summary>
    public async Task LeaveAsync(Node node)
    {
        var address = node.Address;
        await CoordinatedShutdown.Get(node.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).WaitAsync(FormTimeout);
        _nodes.Remove(node);
        await node.DataPlane.DisposeAsync();
        using var timeout = new CancellationTokenSource(FormTimeout);
        while (_nodes.Any(n => AkkaCluster.Get(n.System).State.Members.Any(m => m.Address == address)))
            await Task.Delay(100, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DataPlane.DisposeAsync();
            await node.System.Terminate().WaitAsync(FormTimeout);
        }
        _nodes.Clear();
        foreach (var forwarder in _forwarders) await forwarder.DisposeAsync();
        _forwarders.Clear();
    }
}
