using ActorNet.Actors;
using ActorNet.Rdd.Scheduling;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// The driver's actor (Spark's <c>DriverEndpoint</c>): registers the application with the executor host of every
/// worker member (again each second until it answers), reports executors joining and leaving with cluster
/// membership, receives task ends (a raw byte[]: task id, then the serialized reason) and answers executors'
/// requests for stage binaries, assemblies, map statuses and broadcast chunks.
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
        Receive<MemberEvent>(_ => { });
        Receive<RetryRegistrations>(_ =>
        {
            foreach (var address in _pending) SendRegistration(address);
        });
        Receive<ApplicationRegistered>(r =>
        {
            if (!Address.TryParse(r.ExecutorId, out var address) || !_pending.Remove(address)) return;
            _backend.AddExecutor(new ExecutorInfo(r.ExecutorId, r.Host, r.Cores), Sender);
        });
        Receive<byte[]>(StatusUpdate);
        Receive<GetStageAssemblies>(r => Reply(() => new StageAssemblies(_backend.Stages.AssembliesOf(r.StageId, r.StageAttempt))));
        Receive<GetStageBinary>(r => Reply(() => _backend.Stages.BytesOf(r.StageId, r.StageAttempt)));
        Receive<GetAssembly>(r => Reply(() => _backend.Stages.Assembly(r.FullName)));
        Receive<GetMapStatuses>(r => Reply(() => _backend.MapStatuses(r.ShuffleId)));
        Receive<GetBroadcastInfo>(r => Reply(() => _backend.Broadcasts.Info(r.BroadcastId, _backend.Stages.Ship)));
        Receive<GetBroadcastChunk>(r => Reply(() => _backend.Broadcasts.Chunk(r.BroadcastId, r.Index)));
        Receive<BlockUpdate>(u => _backend.BlockUpdate(u));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        ActorNet.Actors.Cluster.Get(Context.System).Subscribe(Self, typeof(MemberEvent), typeof(ReachabilityEvent));
        Timers.StartPeriodicTimer("retry-registrations", new RetryRegistrations(), TimeSpan.FromSeconds(1));
    }

    protected override void PostStop() => ActorNet.Actors.Cluster.Get(Context.System).Unsubscribe(Self);

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

    private void StatusUpdate(byte[] message)
    {
        if (message.Length < 8) return;
        var taskId = BitConverter.ToInt64(message, 0);
        TaskEndReason reason;
        try
        {
            reason = TaskBinary.DeserializeEnd(message[8..], null, _backend.Handles, _backend.Serializer);
        }
        catch (Exception e)
        {
            reason = new ExceptionFailure(e.GetType().FullName ?? e.GetType().Name, $"The driver could not read the task's result: {e.Message}", e.ToString());
        }
        _backend.StatusUpdate(taskId, reason);
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
            reply = new Status.Failure(e);
        }
        Sender.Tell(reply);
    }
}
