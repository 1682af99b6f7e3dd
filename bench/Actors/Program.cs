using System.Globalization;
using ActorNet.Bench.Actors;

// Modes (bench/actors.sh runs them all); the actor cases run on Akka.NET (the project's own runtime is gone, and
// bulk bytes never travel over Akka now: the data plane case is the bulk case):
//   tell [pairs] [messages] [throughput]        in-process Tell throughput (+ raw ConcurrentQueue handoff peer)
//   serve [echoes] [tls]                        echo side of the two-process benchmarks (Akka.Remote; tls: mutual TLS
//                                               as a node with a cluster secret runs it; clients follow the address)
//   pingpong ADDRESS [pairs] [roundtrips] [window]
//   ask ADDRESS [count]                         sequential Ask round-trip latency
//   raw-serve / raw-bulk PORT [floats] [repeats] a float array's bytes over a plain socket
//   dp-serve [fresh] / dp-bulk ADDRESS [floats] [repeats]  the same floats as a data plane request body (fresh: no pool)
var mode = args.Length > 0 ? args[0] : "tell";
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
string Rates(IEnumerable<double> rates, string format) => string.Join(", ", rates.Select(r => r.ToString(format, CultureInfo.InvariantCulture)));
switch (mode)
{
    case "tell":
    {
        int pairs = Arg(1, 1), messages = Arg(2, 20_000_000), throughput = Arg(3, 30);
        // Warm up for at least 5 s so that tier-1 (PGO) code is what gets measured, for both contenders.
        var warm = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            TellThroughput.Run(pairs, Math.Min(messages, 2_000_000), throughput);
            TellThroughput.RawQueue(pairs, Math.Min(messages, 2_000_000));
        } while (warm.Elapsed < TimeSpan.FromSeconds(5));
        var rates = Enumerable.Range(0, 3).Select(_ => TellThroughput.Run(pairs, messages, throughput)).ToArray();
        var peer = Enumerable.Range(0, 3).Select(_ => TellThroughput.RawQueue(pairs, messages)).ToArray();
        Console.WriteLine(FormattableString.Invariant($"tell pairs={pairs} messages={messages} throughput={throughput}: best {rates.Max():N0} msgs/s [{Rates(rates, "N0")}]; raw ConcurrentQueue handoff best {peer.Max():N0} msgs/s [{Rates(peer, "N0")}]; ratio {rates.Max() / peer.Max():F2}"));
        break;
    }
    case "serve":
        await RemoteBench.Serve(Arg(1, 10), tls: args.Length > 2 && args[2] == "tls");
        break;
    case "pingpong":
    {
        int pairs = Arg(2, 1), roundTrips = Arg(3, 200_000), window = Arg(4, 100);
        var rates = await RemoteBench.PingPong(args[1], pairs, roundTrips, window);
        Console.WriteLine(FormattableString.Invariant($"pingpong pairs={pairs} roundtrips/pair={roundTrips} window={window}: best {2 * rates.Max():N0} msgs/s ({rates.Max():N0} round trips/s); rounds [{Rates(rates.Select(r => 2 * r), "N0")}] msgs/s"));
        break;
    }
    case "ask":
    {
        var (p50, p99, mean) = await RemoteBench.AskLatency(args[1], Arg(2, 20_000));
        Console.WriteLine(FormattableString.Invariant($"ask count={Arg(2, 20_000)}: p50 {p50:F0} us, p99 {p99:F0} us, mean {mean:F0} us"));
        break;
    }
    case "raw-serve":
        RawSocketBench.Serve();
        break;
    case "raw-bulk":
    {
        int floats = Arg(2, 61_000_000), repeats = Arg(3, 3);
        var rates = RawSocketBench.Send(Arg(1, 0), floats, repeats);
        Console.WriteLine(FormattableString.Invariant($"raw-bulk floats={floats} ({floats * 4.0 / 1e6:F0} MB): best {rates.Max():F2} GB/s [{Rates(rates, "F2")}]"));
        break;
    }
    case "dp-serve":
        await DataPlaneBench.Serve(fresh: args.Length > 1 && args[1] == "fresh");
        break;
    case "dp-bulk":
    {
        int floats = Arg(2, 61_000_000), repeats = Arg(3, 3);
        var rates = await DataPlaneBench.Send(args[1], floats, repeats);
        Console.WriteLine(FormattableString.Invariant($"dp-bulk floats={floats} ({floats * 4.0 / 1e6:F0} MB): best {rates.Max():F2} GB/s [{Rates(rates, "F2")}]"));
        break;
    }
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 2;
}
return 0;
