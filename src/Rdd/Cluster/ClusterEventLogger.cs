using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// Logs every member and reachability event a node sees, one line each:
/// <c>cluster event MemberUp akka.tcp://actornet@host:port roles=[worker] status=Up</c>. Operators (and the
/// multi-process tests) follow formation, failures and downing in a node's log through these lines.
/// </summary>
internal sealed class ClusterEventLogger : ReceiveActor
{
    public const string ActorName = "cluster-event-log";

    private readonly AkkaCluster _cluster = AkkaCluster.Get(Context.System);

    public ClusterEventLogger(ILogger log)
    {
        Receive<ClusterEvent.IMemberEvent>(e => Log(log, e.GetType().Name, e.Member));
        Receive<ClusterEvent.UnreachableMember>(e => Log(log, nameof(ClusterEvent.UnreachableMember), e.Member));
        Receive<ClusterEvent.ReachableMember>(e => Log(log, nameof(ClusterEvent.ReachableMember), e.Member));
    }

    public static Props Props(ILogger log) => Akka.Actor.Props.Create(() => new ClusterEventLogger(log));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private static void Log(ILogger log, string kind, Member member) =>
        log.LogInformation("cluster event {Kind} {Address} roles=[{Roles}] status={Status}",
            kind, member.Address, string.Join(",", member.Roles.Order(StringComparer.Ordinal)), member.Status);
}
