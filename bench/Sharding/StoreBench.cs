using System.Diagnostics;
using ActorNet.Configuration;
using ActorNet.ControlPlane;
using ActorNet.VectorStore;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Bench.Sharding;

/// <summary>
/// Rounds of "push a delta (add) then pull the whole vector" on a vector of <c>floats</c> floats: through a
/// <see cref="ShardedVectorStore"/> on a two-node cluster in one process (two <see cref="ClusterNode"/>s, both hosting
/// the store, the configured slice size and shard count; slices on the other node move over its data plane on loopback),
/// and through one plain actor holding the whole array (the peer: same arithmetic and copies, no slicing, routing or
/// sockets).
/// </summary>
internal static class StoreBench
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

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

    public static async Task<(double Store, double Peer, int SliceSize)> Run(int floats, int rounds)
    {
        await using var first = ClusterNode.Start(Node(seed: null));
        await using var second = ClusterNode.Start(Node(seed: first.Address.ToString()));
        await Task.WhenAll(first.WhenUp(TimeSpan.FromSeconds(60)), second.WhenUp(TimeSpan.FromSeconds(60)));
        while (first.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up) < 2) await Task.Delay(50);

        var store = ShardedVectorStore.ForMember(first.System, Timeout);
        ShardedVectorStore.StartIfHosting(second.System);
        var delta = Enumerable.Range(0, floats).Select(i => (float)(i % 3)).ToArray();
        const string key = "bench/store";
        await store.InitAsync(key, new float[floats]);
        double storeRate;
        try
        {
            storeRate = await Measure(rounds, floats, async () =>
            {
                await store.PushAsync(key, delta);
                return await store.PullAsync(key);
            });
        }
        finally
        {
            // Nothing left to hand over when the nodes leave.
            await store.RemoveAsync(key, floats);
        }

        var whole = first.System.ActorOf(Props.Create(() => new WholeVector(floats)));
        double peerRate = await Measure(rounds, floats, async () =>
        {
            await whole.Ask<bool>(new Push(delta), Timeout);
            return await whole.Ask<float[]>(new Pull(), Timeout);
        });
        return (storeRate, peerRate, store.SliceSize);
    }

    // A hosting ("worker") node on 127.0.0.1 with ports picked by the OS, from ActorNet's reference configuration.
    private static IConfiguration Node(string? seed)
    {
        var values = new Dictionary<string, string?>
        {
            ["actornet:remote:hostname"] = "127.0.0.1",
            ["actornet:remote:port"] = "0",
            ["actornet:cluster:roles:0"] = ShardedVectorStore.DefaultHostRole,
            ["akka:loglevel"] = "WARNING",
        };
        if (seed is not null) values["actornet:cluster:seed-nodes:0"] = seed;
        return new ConfigurationBuilder().AddActorNetReference().AddInMemoryCollection(values).Build();
    }

    /// <summary>Runs one warm-up round and then <paramref name="rounds"/> rounds; returns floats pushed and pulled per second.</summary>
    private static async Task<double> Measure(int rounds, int floats, Func<Task<float[]>> round)
    {
        var check = await round();
        if (check.Length != floats) throw new InvalidOperationException($"pulled {check.Length} floats, expected {floats}");
        var clock = Stopwatch.StartNew();
        for (int r = 0; r < rounds; r++) await round();
        return 2.0 * rounds * floats / clock.Elapsed.TotalSeconds;
    }
}
