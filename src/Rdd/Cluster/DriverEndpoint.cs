using ActorNet.Rdd.Scheduling;
using Akka.Actor;
using Akka.Cluster;
using static Akka.Cluster.ClusterEvent;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// The driver's actor (Spark's <c>DriverEndpoint</c>): registers the application with the executor host of every
/// worker member (again each second until it answers), reports executors joining and leaving with cluster
/// membership, receives task ends and answers executors' small requests (stage assemblies, map statuses, broadcast
/// sizes). Bulk bytes are served by the driver's data plane (<see cref="DriverBlocks"/>).
/// </summary>
internal sealed class DriverEndpoint : ReceiveActor, IWithTimers
{
    public const string WorkerRole = "worker";

    private sealed record RetryRegistrations;

    private readonly ClusterBackend _backend;

    // Worker nodes asked to register the application that have not answered yet.
    private readonly HashSet<Address> _pending = [];

    public DriverEndpoint(ClusterBackend backend)
    {
        _backend = backend;
        Receive<CurrentClusterState>(state =>
        {
            foreach (var m in state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(WorkerRole) && !state.Unreachable.Contains(m)))
                AskToRegister(m.Address);
        });
        Receive<MemberUp>(m =>
        {
            if (m.Member.HasRole(WorkerRole)) AskToRegister(m.Member.Address);
        });
        Receive<ReachableMember>(m =>
        {
            if (m.Member.HasRole(WorkerRole) && m.Member.Status == MemberStatus.Up) AskToRegister(m.Member.Address);
        });
        Receive<UnreachableMember>(m => Lost(m.Member.Address, "its node is unreachable"));
        Receive<MemberLeft>(m => Lost(m.Member.Address, "its node left the cluster"));
        Receive<MemberExited>(m => Lost(m.Member.Address, "its node left the cluster"));
        Receive<MemberDowned>(m => Lost(m.Member.Address, "its node was downed"));
        Receive<MemberRemoved>(m => Lost(m.Member.Address, "its node was removed from the cluster"));
        Receive<IMemberEvent>(_ => { });
        Receive<RetryRegistrations>(_ =>
        {
            foreach (var address in _pending) SendRegistration(address);
        });
        Receive<ApplicationRegistered>(r =>
        {
            Address address;
            try
            {
                address = Address.Parse(r.ExecutorId);
            }
            catch (Exception)
            {
                return;
            }
            if (!_pending.Remove(address)) return;
            _backend.AddExecutor(new ExecutorInfo(r.ExecutorId, r.Host, r.Cores), Sender);
        });
        Receive<TasksEnded>(batch =>
        {
            foreach (var t in batch.Ends)
                if (t.EndFollows) _backend.SlotReleased(t.TaskId);
                else _backend.TaskEnded(t.TaskId, t.Body, metrics: t.Metrics);
        });
        Receive<GetStageAssemblies>(r => Reply(() => new StageAssemblies(_backend.Stages.AssembliesOf(r.StageId, r.StageAttempt))));
        Receive<GetMapStatuses>(r => Reply(() => _backend.MapStatuses(r.ShuffleId)));
        Receive<GetBroadcastInfo>(r => Reply(() => _backend.Broadcasts.Info(r.BroadcastId, _backend.Stages.Ship)));
        Receive<BlockUpdate>(u => _backend.BlockUpdate(u));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, typeof(IMemberEvent), typeof(IReachabilityEvent));
        Timers.StartPeriodicTimer("retry-registrations", new RetryRegistrations(), TimeSpan.FromSeconds(1));
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void AskToRegister(Address worker)
    {
        if (_backend.HasExecutor(worker.ToString())) return;
        _pending.Add(worker);
        SendRegistration(worker);
    }

    private void SendRegistration(Address worker) =>
        Context.System.ActorSelection(ExecutorHost.PathOn(worker.ToString())).Tell(_backend.Registration(Self), Self);

    private void Lost(Address address, string why)
    {
        _pending.Remove(address);
        _backend.RemoveExecutor(address.ToString(), why);
    }

    private void Reply(Func<object> answer)
    {
        object reply;
        try
        {
            reply = answer();
        }
        catch (Exception e)
        {
            reply = new RequestFailed(e.Message);
        }
        Sender.Tell(reply);
    }
}
