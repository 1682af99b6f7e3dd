using System.Diagnostics;
using ActorNet.Actors;
using ActorNet.Actors.Sharding;

namespace ActorNet.Bench.Sharding;

/// <summary>
/// One sender thread tells <c>messages</c> messages round-robin to <c>entities</c> counting actors, either
/// straight to their references (the peer) or through a ShardRegion by entity id. Entities are created and
/// warmed before the clock starts in both cases, so the difference is the routing.
/// </summary>
internal static class RoutingBench
{
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
        var system = ActorSystem.Create("bench");
        try
        {
            var parent = system.ActorOf(Props.Create(() => new Parent()));
            var direct = parent.Ask<IActorRef[]>(entities, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            object one = 1;
            Measure(entities, direct.Select(_ => one).ToArray(), direct); // warm-up
            double directRate = Measure(messages, direct.Select(_ => one).ToArray(), direct);

            var settings = new ClusterShardingSettings { NumberOfShards = 100 };
            var region = ShardRegion.Start(system, "bench", Props.Create(() => new Counter()),
                HashCodeMessageExtractor.Create(100, _ => null), settings);
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
