using System.Diagnostics;
using ActorNet.Actors;
using ActorNet.Actors.Sharding;

namespace ActorNet.Bench.Sharding;

/// <summary>
/// Rounds of "push a delta (add) then pull the whole vector" on a vector of <c>floats</c> floats: through a
/// ShardedVectorStore with three regions in one process (16384-float slices, 100 shards), and through one
/// plain actor holding the whole array (the peer: same arithmetic and copies, no slicing or routing).
/// </summary>
internal static class StoreBench
{
    private sealed record Push(float[] Delta);
    private sealed record Pull;

    private sealed class WholeVector : ReceiveActor
    {
        public WholeVector(int length)
        {
            var value = new float[length];
            Receive<Push>(p =>
            {
                for (int i = 0; i < value.Length; i++) value[i] += p.Delta[i];
                Sender.Tell(true);
            });
            Receive<Pull>(_ => Sender.Tell((float[])value.Clone()));
        }
    }

    public static (double Store, double Peer) Run(int floats, int rounds)
    {
        var system = ActorSystem.Create("bench");
        try
        {
            var delta = Enumerable.Range(0, floats).Select(i => (float)(i % 3)).ToArray();
            var settings = new ClusterShardingSettings { NumberOfShards = 100 };
            var coordinator = ShardRegion.DefaultCoordinator(system, ShardedVectorStore.TypeName, settings);
            var store = ShardedVectorStore.Start(system, settings: settings, coordinator: coordinator, regionName: "n1", sliceSize: 16384);
            ShardedVectorStore.Start(system, settings: settings, coordinator: coordinator, regionName: "n2", sliceSize: 16384);
            ShardedVectorStore.Start(system, settings: settings, coordinator: coordinator, regionName: "n3", sliceSize: 16384);
            store.InitAsync("w", new float[floats]).GetAwaiter().GetResult();
            double storeRate = Measure(rounds, floats, async () =>
            {
                await store.PushAsync("w", delta);
                return await store.PullAsync("w");
            });

            var whole = system.ActorOf(Props.Create(() => new WholeVector(floats)));
            double peerRate = Measure(rounds, floats, async () =>
            {
                await whole.Ask<bool>(new Push(delta), TimeSpan.FromSeconds(60));
                return await whole.Ask<float[]>(new Pull(), TimeSpan.FromSeconds(60));
            });
            return (storeRate, peerRate);
        }
        finally
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Runs one warm-up round and then <paramref name="rounds"/> rounds; returns floats pushed and pulled per second.</summary>
    private static double Measure(int rounds, int floats, Func<Task<float[]>> round)
    {
        var check = round().GetAwaiter().GetResult();
        if (check.Length != floats) throw new InvalidOperationException($"pulled {check.Length} floats, expected {floats}");
        var clock = Stopwatch.StartNew();
        for (int r = 0; r < rounds; r++) round().GetAwaiter().GetResult();
        return 2.0 * rounds * floats / clock.Elapsed.TotalSeconds;
    }
}
