using ActorNet.Actors;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// The actor behind <see cref="ExecutorHost"/>: one <see cref="ExecutorApplication"/> per registered application,
/// keyed by application id. The executor id is this node's address, so peers find each other's host from a
/// map status alone. Death watch on the driver ends an application whose driver is gone.
/// </summary>
internal sealed class ExecutorHostActor : ReceiveActor
{
    private readonly int _cores;
    private readonly Dictionary<string, ExecutorApplication> _apps = new(StringComparer.Ordinal);
    private readonly PeerDirectory _peers;

    public ExecutorHostActor(int cores)
    {
        _cores = cores;
        _peers = new PeerDirectory(Context.System);
        ExecutorId = Context.System.Address.ToString();
        Receive<RegisterApplication>(Register);
        Receive<LaunchTask>(t => Find(t.AppId)?.Launch(t));
        Receive<KillTask>(k => Find(k.AppId)?.Kill(k.TaskId));
        Receive<RemoveApplication>(r => Remove(r.AppId, "the driver ended it"));
        Receive<RemoveBroadcast>(r => Find(r.AppId)?.Broadcasts.Remove(r.BroadcastId));
        Receive<RemoveRddBlocks>(r => Find(r.AppId)?.Env.BlockManager.RemoveRdd(r.RddId, r.NumPartitions));
        Receive<FetchSegment>(ServeSegment);
        Receive<Terminated>(t =>
        {
            foreach (var app in _apps.Values.Where(a => a.Driver.Equals(t.ActorRef)).ToArray()) Remove(app.AppId, "its driver is gone");
        });
        Receive<UnreachableMember>(m => _peers.Lost(m.Member.Address.ToString()));
        Receive<MemberRemoved>(m => _peers.Lost(m.Member.Address.ToString()));
        Receive<CurrentClusterState>(_ => { });
        Receive<MemberEvent>(_ => { });
        Receive<ReachableMember>(_ => { });
    }

    private string ExecutorId { get; }

    protected override void PreStart() =>
        ActorNet.Actors.Cluster.Get(Context.System).Subscribe(Self, typeof(UnreachableMember), typeof(MemberRemoved));

    protected override void PostStop()
    {
        ActorNet.Actors.Cluster.Get(Context.System).Unsubscribe(Self);
        foreach (var app in _apps.Values) app.Dispose();
        _apps.Clear();
    }

    private void Register(RegisterApplication registration)
    {
        if (!_apps.ContainsKey(registration.AppId))
        {
            _apps[registration.AppId] = new ExecutorApplication(Context.System, _peers, registration, ExecutorId, Context.System.Address.Host, _cores);
            Context.Watch(registration.Driver);
        }
        Sender.Tell(new ApplicationRegistered(registration.AppId, ExecutorId, Context.System.Address.Host, _cores));
    }

    private ExecutorApplication? Find(string appId) => _apps.GetValueOrDefault(appId);

    private void Remove(string appId, string why)
    {
        if (!_apps.Remove(appId, out var app)) return;
        // Joining slot threads and deleting files must not hold up this actor's other applications.
        _ = Task.Run(app.Dispose);
    }

    private void ServeSegment(FetchSegment request)
    {
        if (Find(request.AppId) is not { } app)
        {
            Sender.Tell(new SegmentMissing($"application {request.AppId} has no executor on {ExecutorId}"));
            return;
        }
        try
        {
            Sender.Tell(app.ShuffleFiles.ReadSegment(request.ShuffleId, request.MapId, request.ReduceId));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Sender.Tell(new SegmentMissing($"cannot read shuffle {request.ShuffleId} map {request.MapId} reduce {request.ReduceId} on {ExecutorId}: {e.Message}"));
        }
    }
}
