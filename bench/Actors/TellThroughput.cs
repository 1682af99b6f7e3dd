using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;

namespace ActorNet.Bench.Actors;

/// <summary>
/// In-process Akka.NET Tell throughput: <c>pairs</c> sender threads each tell <c>messages</c> ints to their own
/// counting actor (default dispatcher, its <c>throughput</c> set as given); the clock stops when every actor has
/// counted all of them.
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
        var config = ConfigurationFactory.ParseString(
            $"akka.loglevel = WARNING\nakka.actor.default-dispatcher.throughput = {throughput.ToString(CultureInfo.InvariantCulture)}");
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
            system.Terminate().Wait(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>The peer: the same number of envelopes through one ConcurrentQueue per pair, drained by a spinning consumer thread.</summary>
    public static double RawQueue(int pairs, int messages)
    {
        var queues = Enumerable.Range(0, pairs).Select(_ => new System.Collections.Concurrent.ConcurrentQueue<(object, object?)>()).ToArray();
        object boxed = 1;
        var start = new Barrier(2 * pairs + 1);
        var producers = queues.Select(q => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < messages; i++) q.Enqueue((boxed, null));
        })).ToArray();
        var consumers = queues.Select(q => new Thread(() =>
        {
            start.SignalAndWait();
            long got = 0;
            while (got < messages) if (q.TryDequeue(out _)) got++;
        })).ToArray();
        foreach (var t in producers.Concat(consumers)) t.Start();
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var t in consumers) t.Join();
        clock.Stop();
        foreach (var t in producers) t.Join();
        return pairs * (double)messages / clock.Elapsed.TotalSeconds;
    }
}
