using System.Diagnostics;
using ActorNet.Actors;

namespace ActorNet.Bench.Actors;

/// <summary>Client side of the two-process benchmarks: ping-pong throughput, ask latency, bulk transfer.</summary>
internal static class RemoteBench
{
    /// <summary>Keeps <c>window</c> ints in flight to its echo until <c>total</c> replies came back.</summary>
    private sealed class Pinger : ReceiveActor
    {
        private long _sent;
        private long _received;

        public Pinger(IActorRef echo, long total, int window, TaskCompletionSource done)
        {
            Receive<string>(_ =>
            {
                for (int i = 0; i < window && _sent < total; i++, _sent++) echo.Tell(1);
            });
            Receive<int>(_ =>
            {
                if (++_received == total) done.TrySetResult();
                else if (_sent < total) { echo.Tell(1); _sent++; }
            });
        }
    }

    private static async Task<IActorRef[]> Echoes(ActorSystem system, string server, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => system.ActorSelection($"{server}/user/echo-{i}").ResolveOne(TimeSpan.FromSeconds(30))));

    public static async Task<double[]> PingPong(string server, int pairs, long roundTripsPerPair, int window)
    {
        await using var system = BenchSystems.Create("client");
        var echoes = await Echoes(system, server, pairs);
        async Task<double> Round(long perPair)
        {
            var done = Enumerable.Range(0, pairs).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            var pingers = Enumerable.Range(0, pairs).Select(i => system.ActorOf(Props.Create(() => new Pinger(echoes[i], perPair, window, done[i])))).ToArray();
            var clock = Stopwatch.StartNew();
            foreach (var p in pingers) p.Tell("start");
            await Task.WhenAll(done.Select(d => d.Task)).WaitAsync(TimeSpan.FromMinutes(5));
            clock.Stop();
            foreach (var p in pingers) system.Stop(p);
            return pairs * perPair / clock.Elapsed.TotalSeconds;
        }
        await WarmUp(() => Round(Math.Max(1000, roundTripsPerPair / 5)));
        var rounds = new double[3];
        for (int i = 0; i < rounds.Length; i++) rounds[i] = await Round(roundTripsPerPair);
        return rounds;
    }

    public static async Task<(double P50, double P99, double Mean)> AskLatency(string server, int count)
    {
        await using var system = BenchSystems.Create("client");
        var echo = (await Echoes(system, server, 1))[0];
        await WarmUp(async () =>
        {
            for (int i = 0; i < 1000; i++) await echo.Ask<int>(i, TimeSpan.FromSeconds(10));
        });
        var samples = new double[count];
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await echo.Ask<int>(i, TimeSpan.FromSeconds(10));
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(samples);
        return (samples[count / 2], samples[(int)(count * 0.99)], samples.Average());
    }

    public static async Task<double[]> Bulk(string server, int floats, int repeats)
    {
        await using var system = BenchSystems.Create("client");
        var echo = (await Echoes(system, server, 1))[0];
        var data = new float[floats];
        for (int i = 0; i < data.Length; i++) data[i] = i * 0.5f;
        await echo.Ask<int>(new float[1024 * 1024], TimeSpan.FromSeconds(60)); // warm-up: connection, JIT
        var rates = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            int length = await echo.Ask<int>(data, TimeSpan.FromMinutes(5));
            clock.Stop();
            if (length != floats) throw new InvalidOperationException($"the peer received {length} floats instead of {floats}");
            rates[r] = floats * 4.0 / clock.Elapsed.TotalSeconds / 1e9;
        }
        return rates;
    }

    /// <summary>
    /// Repeats <paramref name="round"/> for at least 5 s: on a loaded machine the JIT's background tier-1
    /// compilation is slow to replace the first (unoptimized) code, and measuring before it has would
    /// measure the JIT, not the runtime (a 4x difference was seen here).
    /// </summary>
    private static async Task WarmUp(Func<Task> round)
    {
        var clock = Stopwatch.StartNew();
        do await round(); while (clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    /// <summary>Runs the echo side until the process is stopped.</summary>
    public static async Task Serve(int echoes)
    {
        var system = BenchSystems.Create("server");
        for (int i = 0; i < echoes; i++) system.ActorOf(Props.Create<BenchSystems.Echo>(), $"echo-{i}");
        Console.WriteLine($"listening on {system.Address}");
        Console.Out.Flush();
        await system.WhenTerminated;
    }
}
