using System.Diagnostics;
using Akka.Actor;

namespace ActorNet.Bench.Actors;

/// <summary>Client side of the two-process Akka.NET benchmarks: ping-pong throughput and Ask latency.</summary>
internal static class RemoteBench
{
    private static readonly Ping One = new(1);

    /// <summary>Keeps <c>window</c> pings in flight to its echo until <c>total</c> replies came back.</summary>
    private sealed class Pinger : ReceiveActor
    {
        private long _sent;
        private long _received;

        public Pinger(IActorRef echo, long total, int window, TaskCompletionSource done)
        {
            Receive<string>(_ =>
            {
                for (int i = 0; i < window && _sent < total; i++, _sent++) echo.Tell(One);
            });
            Receive<Ping>(_ =>
            {
                if (++_received == total) done.TrySetResult();
                else if (_sent < total) { echo.Tell(One); _sent++; }
            });
        }
    }

    private static async Task<IActorRef[]> Echoes(ActorSystem system, string server, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => system.ActorSelection($"{server}/user/echo-{i}").ResolveOne(TimeSpan.FromSeconds(30))));

    public static async Task<double[]> PingPong(string server, int pairs, long roundTripsPerPair, int window)
    {
        var system = BenchSystems.Create("client", BenchSystems.IsTls(server));
        try
        {
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
        finally
        {
            await system.Terminate();
        }
    }

    public static async Task<(double P50, double P99, double Mean)> AskLatency(string server, int count)
    {
        var system = BenchSystems.Create("client", BenchSystems.IsTls(server));
        try
        {
            var echo = (await Echoes(system, server, 1))[0];
            await WarmUp(async () =>
            {
                for (int i = 0; i < 1000; i++) await echo.Ask<Ping>(new Ping(i), TimeSpan.FromSeconds(10));
            });
            var samples = new double[count];
            for (int i = 0; i < count; i++)
            {
                long start = Stopwatch.GetTimestamp();
                var reply = await echo.Ask<Ping>(new Ping(i), TimeSpan.FromSeconds(10));
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                if (reply.Value != i) throw new InvalidOperationException($"ask {i} was answered with {reply.Value}");
            }
            Array.Sort(samples);
            return (samples[count / 2], samples[(int)(count * 0.99)], samples.Average());
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>
    /// Repeats <paramref name="round"/> for at least 5 s: on a loaded machine the JIT's background tier-1
    /// compilation is slow to replace the first (unoptimized) code, and measuring before it has would
    /// measure the JIT, not the runtime (a 4x difference was seen here with the old runtime).
    /// </summary>
    private static async Task WarmUp(Func<Task> round)
    {
        var clock = Stopwatch.StartNew();
        do await round(); while (clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    /// <summary>Runs the echo side until the process is stopped.</summary>
    public static async Task Serve(int echoes, bool tls)
    {
        var system = BenchSystems.Create("server", tls);
        for (int i = 0; i < echoes; i++) system.ActorOf(Props.Create<BenchSystems.Echo>(), $"echo-{i}");
        Console.WriteLine($"listening on {BenchSystems.Address(system)}");
        Console.Out.Flush();
        await system.WhenTerminated;
    }
}
