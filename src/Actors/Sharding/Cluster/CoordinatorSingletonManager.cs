using Microsoft.Extensions.Logging;

namespace ActorNet.Actors.Sharding;

/// <summary>
/// Runs one entity type's <see cref="ShardCoordinator"/> as a cluster singleton (Akka's
/// ClusterSingletonManager plus its proxy, reduced to what sharding needs). One per node and type, at
/// <c>/system/sharding-{type}-singleton</c>. It follows membership: the oldest Up member (with the role,
/// when one is given) runs the coordinator as its child <c>coordinator</c>; every node points its local
/// regions at that actor with <see cref="CoordinatorChanged"/> whenever the oldest changes. When a member
/// is removed it tells the coordinator <see cref="RemoveRegion"/> for that node's regions, so their shards
/// go to the survivors at once. It also forwards coordinator messages that regions sent to it before the
/// coordinator was known, and hands the local regions off on coordinated shutdown.
/// </summary>
internal sealed class CoordinatorSingletonManager : ReceiveActor
{
    /// <summary>The name of the coordinator child, the same on every node so others can address it.</summary>
    internal const string CoordinatorName = "coordinator";

    private readonly string _typeName;
    private readonly Props _coordinatorProps;
    // Only members with this role may run the coordinator (null: any member).
    private readonly string? _role;
    private readonly ILogger _log;
    // The members this node knows, by address (removed ones are dropped).
    private readonly Dictionary<Address, Member> _members = [];
    // The nodes the cluster considers unreachable (the regions hold messages for shards living there).
    private readonly HashSet<Address> _unreachable = [];
    // The local regions and proxies of this type, told about every coordinator change.
    private readonly List<IActorRef> _regions = [];
    // The member that runs the coordinator, and the coordinator's reference (null while unknown).
    private Address? _oldest;
    private IActorRef? _coordinator;
    // The coordinator this node runs (non-null only while this node is the oldest, or it still stops).
    private IActorRef? _localCoordinator;

    public CoordinatorSingletonManager(string typeName, Props coordinatorProps, string? role)
    {
        _typeName = typeName;
        _coordinatorProps = coordinatorProps;
        _role = role;
        _log = Context.System.LoggerFactory.CreateLogger("ActorNet.Actors.Sharding");

        Receive<CurrentClusterState>(OnClusterState);
        Receive<MemberEvent>(OnMemberEvent);
        Receive<UnreachableMember>(u => OnReachability(u.Member.Address, reachable: false));
        Receive<ReachableMember>(r => OnReachability(r.Member.Address, reachable: true));
        Receive<AddRegion>(a => OnAddRegion(a.Region));
        Receive<ShutdownRegions>(OnShutdownRegions);
        Receive<Terminated>(t => OnTerminated(t.ActorRef));
        // A region talks to this manager until it learns the real coordinator: pass its messages on.
        Receive<Register>(Forward);
        Receive<RegisterProxy>(Forward);
        Receive<GetShardHome>(Forward);
        Receive<GracefulShutdownRequest>(Forward);
        Receive<RemoveRegion>(Forward);
    }

    /// <summary>Props for the manager of <paramref name="typeName"/>.</summary>
    public static Props Props(string typeName, Props coordinatorProps, string? role) =>
        Actors.Props.Create(() => new CoordinatorSingletonManager(typeName, coordinatorProps, role));

    /// <summary>The actor name of the manager of <paramref name="typeName"/> under <c>/system</c>.</summary>
    public static string Name(string typeName) => $"sharding-{typeName}-singleton";

    /// <inheritdoc />
    protected override void PreStart() => Cluster.Get(Context.System).Subscribe(Self, typeof(MemberEvent), typeof(ReachabilityEvent));

    /// <inheritdoc />
    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    private void Forward(object message)
    {
        // Without a coordinator yet the message is dropped: regions repeat theirs every retry-interval.
        _coordinator?.Tell(message, Sender);
    }

    private void OnClusterState(CurrentClusterState state)
    {
        _members.Clear();
        foreach (var member in state.Members) _members[member.Address] = member;
        foreach (var member in state.Unreachable) OnReachability(member.Address, reachable: false);
        UpdateOldest();
    }

    private void OnMemberEvent(MemberEvent change)
    {
        var member = change.Member;
        if (change is MemberRemoved)
        {
            _members.Remove(member.Address);
            _unreachable.Remove(member.Address);
            UpdateOldest();
            TellRegions(new ShardRegion.NodeRemoved(member.Address));
            // That node's regions are gone for good: their shards go to the survivors now.
            foreach (var name in ClusterSharding.RegionNames(_typeName))
                _coordinator?.Tell(new RemoveRegion(Context.System.ResolvePath(new ActorPath(member.Address, ["system", name]))));
            return;
        }
        _members[member.Address] = member;
        UpdateOldest();
    }

    /// <summary>Finds the oldest Up member (with the role); starts or stops the local coordinator and tells the regions when it changed.</summary>
    private void UpdateOldest()
    {
        var oldest = _members.Values
            .Where(m => m.Status == MemberStatus.Up && (_role is null || m.HasRole(_role)))
            .Order(Member.AgeOrdering)
            .FirstOrDefault()?.Address;
        if (Equals(oldest, _oldest) && (oldest is null || _coordinator is not null)) return;
        _oldest = oldest;
        var self = Cluster.Get(Context.System).SelfAddress;
        if (oldest is not null && oldest.Equals(self))
        {
            if (_localCoordinator is null)
            {
                _localCoordinator = Context.ActorOf(_coordinatorProps, CoordinatorName);
                Context.Watch(_localCoordinator);
            }
            _coordinator = _localCoordinator;
        }
        else
        {
            if (_localCoordinator is not null) Context.Stop(_localCoordinator); // another node runs it now
            _coordinator = oldest is null
                ? null
                : Context.System.ResolvePath(new ActorPath(oldest, ["system", Name(_typeName), CoordinatorName]));
        }
        _log.LogInformation("{TypeName}: the shard coordinator runs on {Oldest}", _typeName, oldest?.ToString() ?? "no member yet");
        if (_coordinator is not null)
            foreach (var region in _regions) region.Tell(new CoordinatorChanged(_coordinator));
    }

    private void OnReachability(Address node, bool reachable)
    {
        if (reachable ? _unreachable.Remove(node) : _unreachable.Add(node))
            TellRegions(reachable ? new ShardRegion.NodeReachable(node) : new ShardRegion.NodeUnreachable(node));
    }

    private void TellRegions(object notice)
    {
        foreach (var region in _regions) region.Tell(notice);
    }

    private void OnAddRegion(IActorRef region)
    {
        _regions.Add(region);
        Context.Watch(region);
        foreach (var node in _unreachable) region.Tell(new ShardRegion.NodeUnreachable(node));
        if (_coordinator is not null) region.Tell(new CoordinatorChanged(_coordinator));
    }

    private void OnTerminated(IActorRef actor)
    {
        if (actor.Equals(_localCoordinator))
        {
            _localCoordinator = null;
            // Still the oldest (it stopped on its own, e.g. a failure): run a new one.
            if (_oldest is not null && _oldest.Equals(Cluster.Get(Context.System).SelfAddress))
            {
                _coordinator = null;
                UpdateOldest();
            }
            return;
        }
        _regions.Remove(actor);
        CompleteShutdownWhenDone();
    }

    // The pending coordinated-shutdown task, completed when every local region stopped.
    private TaskCompletionSource? _shutdown;

    private void OnShutdownRegions(ShutdownRegions request)
    {
        _shutdown = request.Done;
        foreach (var region in _regions) region.Tell(GracefulShutdown.Instance);
        CompleteShutdownWhenDone();
    }

    private void CompleteShutdownWhenDone()
    {
        if (_shutdown is not null && _regions.Count == 0) _shutdown.TrySetResult();
    }

    /// <summary>A region or proxy of this type started on this node.</summary>
    internal sealed record AddRegion(IActorRef Region);

    /// <summary>Coordinated shutdown: hand off the local regions' shards, complete <paramref name="Done"/> once they stopped.</summary>
    internal sealed record ShutdownRegions(TaskCompletionSource Done);
}
