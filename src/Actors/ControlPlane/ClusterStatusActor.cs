using Akka.Actor;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorNet.ControlPlane;

/// <summary>Answers <see cref="ClusterStatusRequest"/> with this node's current view of the cluster.</summary>
internal sealed class ClusterStatusActor : ReceiveActor
{
    public ClusterStatusActor()
    {
        var cluster = AkkaCluster.Get(Context.System);
        Receive<ClusterStatusRequest>(_ =>
        {
            var state = cluster.State;
            Sender.Tell(new ClusterStatusReply(cluster.SelfAddress.ToString(), [.. MemberInfo.From(state)], state.Leader?.ToString()));
        });
    }
}
