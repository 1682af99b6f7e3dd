using System.Diagnostics;
using ActorNet.Actors;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Bench.Actors;

/// <summary>
/// In-process Tell throughput: <c>pairs</c> sender threads each tell <c>messages</c> ints to their own
/// counting actor; the clock stops when every actor has counted all of them.
/// </summary>
internal static class TellThroughput
{
    private sealed class Sink : ReceiveActor
    {
        private long _count;

        public Sink(long expected, TaskCompletionSource done) =>
            Receive<int>(_ =>
            {
                if (++_count == expected) done.TrySetResult();
            });
    }

    public static double Run(int pairs, int messages, int throughput)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:actor:throughput"] = throughput.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var system = ActorSystem.Create("bench", config);
        try
        {
            var done = Enumerable.Range(0, pairs).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
            var sinks = done.Select(d => system.ActorOf(Props.Create(() => new Sink(messages, d)))).ToArray();
            object boxed = 1; // one boxed message reused: measure the runtime, not the allocator
            var start = new Barrier(pairs + 1);
            var threads = sinks.Select(sink => new Thread(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < messages; i++) sink.Tell(boxed);
            })).ToArray();
            foreach (var t in threads) t.Start();
            start.SignalAndWait();
            var clock = Stopwatch.StartNew();
            Task.WaitAll(done.Select(d => d.Task).ToArray());
            clock.Stop();
            foreach (var t in threads) t.Join();
            return pairs * (double)messages / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            system.Terminate().Wait();
        }
    }
}
