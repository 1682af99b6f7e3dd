using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorNet.Bench.Sharding;

/// <summary>
/// One sender thread tells <c>messages</c> messages round-robin to <c>entities</c> counting actors, either straight to
/// their references (the peer) or through an Akka.Cluster.Sharding region by entity id (<see cref="ShardingEnvelope"/>,
/// 100 shards), on a one-node cluster in one process. Entities are created and warmed before the clock starts in both
/// cases, so the difference is the routing (region → shard → entity).
/// </summary>
internal static class RoutingBench
{
    private const int Shards = 100;

    // Messages still to be counted in the current run.
    private static long s_remaining;
    private static TaskCompletionSource s_done = new();

    private sealed class Counter : ReceiveActor
    {
        public Counter() => ReceiveAny(_ =>
        {
            if (Interlocked.Decrement(ref s_remaining) == 0) s_done.TrySetResult();
        });
    }

    private sealed class Parent : ReceiveActor
    {
        public Parent() => Receive<int>(n => Sender.Tell(Enumerable.Range(0, n).Select(_ => Context.ActorOf(Props.Create(() => new Counter()))).ToArray()));
    }

    public static (double Direct, double Sharded) Run(int entities, int messages)
    {
        var system = ActorSystem.Create("bench", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.sharding.passivate-idle-entity-after = off
            """).WithFallback(ClusterSharding.DefaultConfig()));
        try
        {
            var cluster = AkkaCluster.Get(system);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            cluster.Join(cluster.SelfAddress);
            up.Task.Wait(TimeSpan.FromSeconds(30));

            var parent = system.ActorOf(Props.Create(() => new Parent()));
            var direct = parent.Ask<IActorRef[]>(entities, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            object one = 1;
            Measure(entities, direct.Select(_ => one).ToArray(), direct); // warm-up
            double directRate = Measure(messages, direct.Select(_ => one).ToArray(), direct);

            var region = ClusterSharding.Get(system).Start("bench", Props.Create(() => new Counter()),
                ClusterShardingSettings.Create(system),
                // Akka's hash extractor unwraps ShardingEnvelopes itself (entity id from the envelope, shard = its hash
                // modulo the shard count); the benchmark sends nothing else.
                HashCodeMessageExtractor.Create(Shards, _ => null!, m => m));
            var envelopes = Enumerable.Range(0, entities).Select(i => (object)new ShardingEnvelope($"entity-{i}", one)).ToArray();
            var targets = Enumerable.Repeat(region, entities).ToArray();
            Measure(entities, envelopes, targets); // creates every shard and entity
            double shardedRate = Measure(messages, envelopes, targets);
            return (directRate, shardedRate);
        }
        finally
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(30));
        }
    }

    private static double Measure(int messages, object[] payloads, IActorRef[] targets)
    {
        s_done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref s_remaining, messages);
        var clock = Stopwatch.StartNew();
        for (int i = 0, k = 0; i < messages; i++, k = k + 1 == targets.Length ? 0 : k + 1) targets[k].Tell(payloads[k]);
        if (!s_done.Task.Wait(TimeSpan.FromMinutes(5))) throw new TimeoutException($"{Interlocked.Read(ref s_remaining)} messages never arrived");
        return messages / clock.Elapsed.TotalSeconds;
    }
}
