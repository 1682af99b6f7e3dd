using ActorNet.ControlPlane;
using ActorNet.DataPlane;
using Akka.Actor;
using static Akka.Cluster.ClusterEvent;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// The actor behind <see cref="ExecutorHost"/>: one <see cref="ExecutorApplication"/> per registered application,
/// keyed by application id. The executor id is this node's Akka address, so peers find each other's host from a
/// map status alone, and ask it once for its data-plane address. Death watch on the driver ends an application
/// whose driver is gone. The node's data plane serves the applications' shuffle segments (<see cref="ShuffleBlocks"/>).
/// </summary>
internal sealed class ExecutorHostActor : ReceiveActor
{
    private readonly int _cores;
    private readonly ExecutorApplications _apps = new();
    private readonly PeerDirectory _peers;
    private readonly DataPlaneNode _dataPlane;

    public ExecutorHostActor(int cores)
    {
        _cores = cores;
        _dataPlane = DataPlaneExtension.Get(Context.System).Node;
        _peers = new PeerDirectory(Context.System, _dataPlane);
        ExecutorId = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        Receive<RegisterApplication>(Register);
        Receive<LaunchTasks>(batch =>
        {
            foreach (var t in batch.Tasks) _apps.Find(t.AppId)?.Launch(t);
        });
        Receive<KillTask>(k => _apps.Find(k.AppId)?.Kill(k.TaskId));
        Receive<RemoveApplication>(r => Remove(r.AppId));
        Receive<RemoveBroadcast>(r => _apps.Find(r.AppId)?.Broadcasts.Remove(r.BroadcastId));
        Receive<RemoveShuffle>(r => _apps.Find(r.AppId)?.Env.ShuffleManager.RemoveShuffle(r.ShuffleId));
        Receive<RemoveRddBlocks>(r => _apps.Find(r.AppId)?.Env.BlockManager.RemoveRdd(r.RddId, r.NumPartitions));
        Receive<GetDataPlane>(_ => Sender.Tell(new DataPlaneAt(_dataPlane.Address.ToString())));
        Receive<Terminated>(t =>
        {
            foreach (var app in _apps.All().Where(a => a.Driver.Equals(t.ActorRef)).ToArray()) Remove(app.AppId);
        });
        Receive<UnreachableMember>(m => _peers.Lost(m.Member.Address.ToString()));
        Receive<MemberRemoved>(m => _peers.Lost(m.Member.Address.ToString()));
        Receive<CurrentClusterState>(_ => { });
        Receive<IMemberEvent>(_ => { });
        Receive<ReachableMember>(_ => { });
    }

    private string ExecutorId { get; }

    protected override void PreStart()
    {
        _dataPlane.Register(DataPlaneProtocol.ShuffleService, new ShuffleBlocks(_apps, ExecutorId));
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, typeof(UnreachableMember), typeof(MemberRemoved));
    }

    protected override void PostStop()
    {
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        foreach (var app in _apps.RemoveAll()) app.Dispose();
    }

    private void Register(RegisterApplication registration)
    {
        var host = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.Host ?? "127.0.0.1";
        if (_apps.Find(registration.AppId) is null)
        {
            _apps.Add(new ExecutorApplication(Context.System, _dataPlane, _peers, registration, ExecutorId, host, _cores));
            Context.Watch(registration.Driver);
        }
        Sender.Tell(new ApplicationRegistered(registration.AppId, ExecutorId, host, _cores));
    }

    private void Remove(string appId)
    {
        if (_apps.Remove(appId) is not { } app) return;
        // Joining slot threads and deleting files must not hold up this actor's other applications.
        _ = Task.Run(app.Dispose);
    }
}
