using Akka.Actor;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// Runs RDD executors on a worker node (Spark's worker + executor backend): an actor at
/// <c>/user/rdd-executor</c> that starts one executor per application a driver registers, with
/// <c>cores</c> task slots each, runs the tasks the driver launches, serves its shuffle outputs to peers, and
/// deletes an application's files and unloads its code when the application ends or its driver's node leaves
/// the cluster. <c>actornet worker</c> and the worker processes of <c>local-cluster[N]</c> start it.
/// </summary>
public static class ExecutorHost
{
    /// <summary>The name of the executor host actor under <c>/user</c>.</summary>
    public const string ActorName = "rdd-executor";

    /// <summary>Starts the executor host on <paramref name="system"/> (which needs remoting and the cluster).</summary>
    /// <param name="system">The worker node's actor system.</param>
    /// <param name="cores">Task slots each application's executor gets (at least 1).</param>
    /// <returns>The executor host actor.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cores"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="system"/> was not started by <c>ClusterNode</c> (it has no data plane).</exception>
    public static IActorRef Start(ActorSystem system, int cores)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        return system.ActorOf(Props.Create(() => new ExecutorHostActor(cores)), ActorName);
    }

    /// <summary>The executor host's path on the node whose address is <paramref name="nodeAddress"/>.</summary>
    internal static string PathOn(string nodeAddress) => $"{nodeAddress}/user/{ActorName}";
}
